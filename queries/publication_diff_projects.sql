-- New and removed projects of a vintage between the catalogue before the last publication
-- (attached as « prev ») and the current one (« cur »), compared inside DuckDB by one full outer
-- join on project_id: only the rows that differ leave DuckDB. Runs on the private connection
-- of tidash.briefing.publication_diff (both catalogues attached read-only).
WITH c AS (
    SELECT project_id, title, amount_eur, status, id_ti FROM cur.project_facts
    WHERE vintage = $vintage AND ($scheme IS NULL OR scheme = $scheme) AND ($year IS NULL OR year = $year)
), p AS (
    SELECT project_id, title, amount_eur, status, id_ti FROM prev.project_facts
    WHERE vintage = $vintage AND ($scheme IS NULL OR scheme = $scheme) AND ($year IS NULL OR year = $year)
)
SELECT CASE WHEN p.project_id IS NULL THEN 'new' ELSE 'removed' END AS change,
       coalesce(c.project_id, p.project_id) AS project_id, coalesce(c.title, p.title) AS title,
       coalesce(c.amount_eur, p.amount_eur) AS amount_eur, coalesce(c.status, p.status) AS status,
       coalesce(c.id_ti, p.id_ti) AS id_ti
FROM c FULL OUTER JOIN p ON c.project_id = p.project_id
WHERE c.project_id IS NULL OR p.project_id IS NULL
ORDER BY change, project_id;
