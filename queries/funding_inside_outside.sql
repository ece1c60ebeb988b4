-- Projects and euros inside territories, outside, and not attachable, for a vintage.
-- Région filter, the app's one default meaning: a project in a territory counts for the région
-- of its territory (as the national KPIs); a project in no territory for the région where it
-- is located. $located = true: every project by where it is located (its département).
SELECT f.status, count(*) AS n_projects, sum(f.amount_eur) AS amount_eur
FROM project_facts f
LEFT JOIN territories t ON t.vintage = f.vintage AND t.id_ti = f.id_ti
WHERE f.vintage = $vintage
  AND ($scheme IS NULL OR f.scheme = $scheme)
  AND ($year IS NULL OR f.year = $year)
  AND ($region IS NULL OR
       CASE WHEN f.status = 'inside' AND NOT coalesce($located, false) THEN t.code_reg ELSE f.code_reg END = $region)
GROUP BY f.status
ORDER BY f.status;
