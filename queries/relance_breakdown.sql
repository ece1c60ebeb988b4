-- France Relance industrial projects (a count source, no amounts) counted by one dimension
-- (measure, filiere, company_type, year), split inside / outside / unresolved for a vintage;
-- optionally one région or one territory. Région filter, the app's one meaning (as the Fonds
-- vert figures): a project in a territory counts for the région of its territory; a project in
-- no territory for the région of its GPS point.
SELECT CASE $dimension
           WHEN 'measure' THEN f.measure
           WHEN 'filiere' THEN coalesce(f.filiere, 'Filière non renseignée')
           WHEN 'company_type' THEN coalesce(f.company_type, 'Type non renseigné')
           WHEN 'year' THEN CAST(f.year AS VARCHAR)
       END AS value,
       f.status, count(*) AS n_projects, count(*) FILTER (WHERE f.is_ti_fund) AS n_ti_fund
FROM relance_facts f
LEFT JOIN territories t USING (vintage, id_ti)
WHERE f.vintage = $vintage
  AND ($region IS NULL OR CASE WHEN f.status = 'inside' THEN t.code_reg ELSE f.code_reg END = $region)
  AND ($id_ti IS NULL OR f.id_ti = $id_ti)
GROUP BY ALL
ORDER BY value, f.status;
