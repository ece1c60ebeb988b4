-- Projects and euros inside territories, outside, and not attachable, for a vintage.
SELECT status, count(*) AS n_projects, sum(amount_eur) AS amount_eur
FROM project_facts
WHERE vintage = $vintage
  AND ($scheme IS NULL OR scheme = $scheme)
  AND ($year IS NULL OR year = $year)
  AND ($region IS NULL OR code_reg = $region)
GROUP BY status
ORDER BY status;
