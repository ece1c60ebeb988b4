-- The projects of a vintage with their amount and territory (to compare two catalogues):
-- every project when $buckets is NULL, else only those whose id falls in the listed buckets
-- of project_id_digest.
SELECT project_id, title, amount_eur, status, id_ti
FROM project_facts
WHERE vintage = $vintage
  AND ($scheme IS NULL OR scheme = $scheme)
  AND ($year IS NULL OR year = $year)
  AND ($buckets IS NULL OR list_contains($buckets, hash(project_id) % 4096))
ORDER BY project_id;
