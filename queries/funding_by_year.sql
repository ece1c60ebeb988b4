-- Financements par année et par source dans les territoires d'un millésime (éventuellement un
-- territoire ou une région).
SELECT year, source, count(*) AS n_projects, sum(amount_eur) AS amount_eur
FROM project_facts
WHERE vintage = $vintage AND status = 'inside'
  AND ($id_ti IS NULL OR id_ti = $id_ti)
  AND ($region IS NULL OR id_ti IN (SELECT id_ti FROM territories WHERE vintage = $vintage AND code_reg = $region))
  AND ($scheme IS NULL OR scheme = $scheme)
GROUP BY year, source
ORDER BY year, source;
