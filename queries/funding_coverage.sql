-- Régions that the project lists cover under the scheme and year filters (a région with no
-- project there has no data, which is not zero), with the sources that cover them.
SELECT p.code_reg, r.nom_reg, string_agg(DISTINCT p.source, ',' ORDER BY p.source) AS sources,
       count(*) AS n_projects
FROM projects p
LEFT JOIN regions r ON r.code_reg = p.code_reg
WHERE ($scheme IS NULL OR p.scheme = $scheme)
  AND ($year IS NULL OR p.year = $year)
  AND p.code_reg IS NOT NULL
GROUP BY p.code_reg, r.nom_reg
ORDER BY p.code_reg;
