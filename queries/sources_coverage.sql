-- Per funding source and vintage: projects and euros inside, outside, unresolved and the
-- share of euros attached to a territory.
SELECT source, vintage, status, n_projects, amount_eur, source_projects, source_amount_eur,
       amount_eur / source_amount_eur AS share_of_amount
FROM funding_reconciliation
ORDER BY source, vintage, status;
