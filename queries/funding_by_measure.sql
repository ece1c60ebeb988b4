-- Funding by scheme and measure for projects inside territories of a vintage (optionally one
-- territory or one région), under the scheme and year filters.
SELECT scheme, measure, count(*) AS n_projects, sum(amount_eur) AS amount_eur
FROM project_facts
WHERE vintage = $vintage AND status = 'inside'
  AND ($id_ti IS NULL OR id_ti = $id_ti)
  AND ($region IS NULL OR id_ti IN (SELECT id_ti FROM territories WHERE vintage = $vintage AND code_reg = $region))
  AND ($scheme IS NULL OR scheme = $scheme)
  AND ($year IS NULL OR year = $year)
GROUP BY scheme, measure
ORDER BY amount_eur DESC;
