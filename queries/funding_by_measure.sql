-- Financements par dispositif et par mesure des projets situés dans les territoires d'un millésime
-- (éventuellement un territoire ou une région), selon les filtres de dispositif et d'année.
SELECT scheme, measure, count(*) AS n_projects, sum(amount_eur) AS amount_eur
FROM project_facts
WHERE vintage = $vintage AND status = 'inside'
  AND ($id_ti IS NULL OR id_ti = $id_ti)
  AND ($region IS NULL OR id_ti IN (SELECT id_ti FROM territories WHERE vintage = $vintage AND code_reg = $region))
  AND ($scheme IS NULL OR scheme = $scheme)
  AND ($year IS NULL OR year = $year)
GROUP BY scheme, measure
ORDER BY amount_eur DESC;
