-- Fonds vert « Recyclage foncier » projects located in one territory, by source and year
-- (counts and euros, shown next to the territory's friches, never added to them).
SELECT source, year, count(*) AS n_projects, sum(amount_eur) AS amount_eur
FROM project_facts
WHERE vintage = $vintage AND id_ti = $id_ti AND status = 'inside'
  AND measure = 'Recyclage foncier'
  AND ($year IS NULL OR year = $year)
GROUP BY source, year
ORDER BY year, source;
