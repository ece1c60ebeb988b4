-- « Ce qui a changé » : the projects new or removed since the previous catalogue, for a vintage,
-- read from the table publication_diff that the publication stored in this catalogue
-- (queries/publication_diff_build.sql): a few filtered rows, whatever the number of projects.
SELECT change, project_id, title, amount_eur, status, id_ti
FROM publication_diff
WHERE vintage = $vintage AND ($scheme IS NULL OR scheme = $scheme) AND ($year IS NULL OR year = $year)
ORDER BY change, project_id;
