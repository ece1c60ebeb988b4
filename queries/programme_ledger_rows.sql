-- Rows of the imported programme ledger per vintage (empty when no ledger is loaded).
SELECT vintage, count(*) AS n_projects,
       coalesce(sum(CAST(amount_committed_eur AS DECIMAL(18, 2))), 0) AS amount_committed_eur,
       sum(CAST(amount_paid_eur AS DECIMAL(18, 2))) AS amount_paid_eur
FROM programme_projects
GROUP BY vintage
ORDER BY vintage;
