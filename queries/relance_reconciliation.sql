-- France Relance industrial projects per vintage: inside + outside + unresolved = rows of the
-- file (and the same for the Territoires d'industrie fund).
SELECT vintage, status, n_projects, n_ti_fund, source_projects, source_ti_fund
FROM relance_reconciliation
ORDER BY vintage, status;
