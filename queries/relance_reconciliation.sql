-- Projets industriels France Relance par millésime : dans les territoires + hors territoire
-- + non rattachés = lignes du fichier (et de même pour le fonds Territoires d'industrie).
SELECT vintage, status, n_projects, n_ti_fund, source_projects, source_ti_fund
FROM relance_reconciliation
ORDER BY vintage, status;
