-- Projets d'un territoire placés en un point de leur commune (pour la carte pydeck).
SELECT f.project_id, f.title, f.measure, f.amount_eur, f.year, c.nom AS commune, c.lon, c.lat
FROM project_facts f
JOIN commune_2023_to_2026 h ON h.insee_com = f.insee_com
JOIN communes c ON c.insee_com = h.insee_com_2026
WHERE f.vintage = $vintage AND f.id_ti = $id_ti AND f.status = 'inside'
  AND ($scheme IS NULL OR f.scheme = $scheme)
  AND ($year IS NULL OR f.year = $year)
  AND c.lon IS NOT NULL
ORDER BY f.amount_eur DESC;
