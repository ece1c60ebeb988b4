-- France Relance industrial projects (a count source, no amounts) counted by one dimension
-- (measure, filiere, company_type, year), split inside / outside / unresolved for a vintage;
-- optionally one région (of the project's point) or one territory.
SELECT CASE $dimension
           WHEN 'measure' THEN measure
           WHEN 'filiere' THEN coalesce(filiere, 'Filière non renseignée')
           WHEN 'company_type' THEN coalesce(company_type, 'Type non renseigné')
           WHEN 'year' THEN CAST(year AS VARCHAR)
       END AS value,
       status, count(*) AS n_projects, count(*) FILTER (WHERE is_ti_fund) AS n_ti_fund
FROM relance_facts
WHERE vintage = $vintage
  AND ($region IS NULL OR code_reg = $region)
  AND ($id_ti IS NULL OR id_ti = $id_ti)
GROUP BY ALL
ORDER BY value, status;
