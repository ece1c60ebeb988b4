-- Lignes du suivi importé du programme par millésime (vide quand aucun suivi n'est chargé).
SELECT vintage, count(*) AS n_projects,
       coalesce(sum(CAST(amount_committed_eur AS DECIMAL(18, 2))), 0) AS amount_committed_eur,
       sum(CAST(amount_paid_eur AS DECIMAL(18, 2))) AS amount_paid_eur
FROM programme_projects
GROUP BY vintage
ORDER BY vintage;
