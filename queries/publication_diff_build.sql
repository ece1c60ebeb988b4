-- Run once, at publication (tidash.briefing.publication_diff.store): the projects new or removed
-- between the catalogue being published (attached as « cur ») and the one the slide compares it
-- with (« prev »), every vintage, one full outer join on (vintage, project_id) inside DuckDB.
-- The result is stored in the new catalogue as the table publication_diff, which the slide reads
-- with its filters (queries/publication_diff_projects.sql): nothing is compared while a page waits.
WITH c AS (
    SELECT vintage, project_id, scheme, year, title, amount_eur, status, id_ti FROM cur.project_facts
), p AS (
    SELECT vintage, project_id, scheme, year, title, amount_eur, status, id_ti FROM prev.project_facts
)
SELECT CASE WHEN p.project_id IS NULL THEN 'new' ELSE 'removed' END AS change,
       coalesce(c.vintage, p.vintage) AS vintage, coalesce(c.scheme, p.scheme) AS scheme,
       coalesce(c.year, p.year) AS year,
       coalesce(c.project_id, p.project_id) AS project_id, coalesce(c.title, p.title) AS title,
       coalesce(c.amount_eur, p.amount_eur) AS amount_eur, coalesce(c.status, p.status) AS status,
       coalesce(c.id_ti, p.id_ti) AS id_ti
FROM c FULL OUTER JOIN p ON c.vintage = p.vintage AND c.project_id = p.project_id
WHERE c.project_id IS NULL OR p.project_id IS NULL
ORDER BY vintage, change, project_id
