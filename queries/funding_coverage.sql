-- Régions que couvrent les listes de projets selon les filtres de dispositif et d'année (une région
-- sans aucun projet n'a pas de données, ce qui n'est pas zéro), avec les sources qui les couvrent.
SELECT p.code_reg, r.nom_reg, string_agg(DISTINCT p.source, ',' ORDER BY p.source) AS sources,
       count(*) AS n_projects
FROM projects p
LEFT JOIN regions r ON r.code_reg = p.code_reg
WHERE ($scheme IS NULL OR p.scheme = $scheme)
  AND ($year IS NULL OR p.year = $year)
  AND p.code_reg IS NOT NULL
GROUP BY p.code_reg, r.nom_reg
ORDER BY p.code_reg;
