-- Projets et euros dans les territoires, hors territoire et non rattachables, pour un millésime.
-- Filtre région, au sens par défaut, le même dans toute l'application : un projet dans un territoire
-- compte pour la région de son territoire (comme les indicateurs nationaux) ; un projet hors de tout
-- territoire, pour la région où il est situé. $located = true : chaque projet compte selon l'endroit
-- où il est situé (son département).
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
