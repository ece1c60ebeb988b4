-- Projets industriels France Relance (source de comptage, sans montants) comptés selon une dimension
-- (measure, filiere, company_type, year), répartis entre dans les territoires / hors territoire /
-- non rattachés pour un millésime ; éventuellement une région ou un territoire. Filtre région, au même
-- sens dans toute l'application (comme les chiffres du Fonds vert) : un projet dans un territoire
-- compte pour la région de son territoire ; un projet hors de tout territoire, pour la région de
-- son point GPS.
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
