-- Every project of a vintage with its amount and territory (to compare two catalogues).
SELECT project_id, title, amount_eur, status, id_ti
FROM project_facts
WHERE vintage = $vintage
  AND ($scheme IS NULL OR scheme = $scheme)
  AND ($year IS NULL OR year = $year)
ORDER BY project_id;
