-- Projets Fonds vert « Recyclage foncier » situés dans un territoire, par source et par année
-- (nombres et euros, montrés à côté des friches du territoire, jamais additionnés à elles).
SELECT source, year, count(*) AS n_projects, sum(amount_eur) AS amount_eur
FROM project_facts
WHERE vintage = $vintage AND id_ti = $id_ti AND status = 'inside'
  AND measure = 'Recyclage foncier'
  AND ($year IS NULL OR year = $year)
GROUP BY source, year
ORDER BY year, source;
