-- Exécutée une seule fois, à la publication (tidash.briefing.publication_diff.store) : les projets
-- nouveaux ou retirés entre le catalogue en cours de publication (attaché sous le nom « cur ») et
-- celui auquel la diapositive le compare (« prev »), pour tous les millésimes, en une seule jointure
-- externe complète sur (vintage, project_id) dans DuckDB.
-- Le résultat est stocké dans le nouveau catalogue dans la table publication_diff, que la diapositive
-- lit avec ses filtres (queries/publication_diff_projects.sql) : rien n'est comparé pendant qu'une
-- page attend.
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
