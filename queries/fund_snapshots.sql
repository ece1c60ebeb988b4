-- Annonces régionales du Fonds d'accélération : des instantanés datés, à ne jamais additionner.
SELECT row_id, region, scope, date, date_basis, n_laureats, aid_eur_m, investment_eur_m,
       jobs_created, jobs_maintained, note, source_url
FROM fund_snapshots
ORDER BY region, date, row_id;
