-- Par source de financement et par millésime : projets et euros dans les territoires, hors
-- territoire, non rattachés, et part des euros rattachés à un territoire.
SELECT source, vintage, status, n_projects, amount_eur, source_projects, source_amount_eur,
       amount_eur / source_amount_eur AS share_of_amount
FROM funding_reconciliation
ORDER BY source, vintage, status;
