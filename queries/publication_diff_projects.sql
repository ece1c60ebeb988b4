-- « Ce qui a changé » : les projets nouveaux ou retirés depuis le catalogue précédent, pour un
-- millésime, lus dans la table publication_diff que la publication a stockée dans ce catalogue
-- (queries/publication_diff_build.sql) : quelques lignes filtrées, quel que soit le nombre de projets.
SELECT change, project_id, title, amount_eur, status, id_ti
FROM publication_diff
WHERE vintage = $vintage AND ($scheme IS NULL OR scheme = $scheme) AND ($year IS NULL OR year = $year)
ORDER BY change, project_id;
