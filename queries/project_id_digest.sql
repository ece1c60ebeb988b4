-- Fingerprint of a vintage's projects in 4 096 buckets of their id (how many, and the xor of
-- the id hashes), so that two catalogues are compared inside DuckDB: only the buckets whose
-- fingerprint differs are read afterwards (project_ids, parameter buckets), never every row.
SELECT hash(project_id) % 4096 AS bucket, count(*) AS n, CAST(bit_xor(hash(project_id)) AS VARCHAR) AS digest
FROM project_facts
WHERE vintage = $vintage
  AND ($scheme IS NULL OR scheme = $scheme)
  AND ($year IS NULL OR year = $year)
GROUP BY bucket
ORDER BY bucket;
