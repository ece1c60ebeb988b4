-- Funding by région of the project (where it is carried out), split inside / outside /
-- unresolved for a vintage, with population inside territories for per-inhabitant figures.
WITH pop AS (
    SELECT code_reg, sum(population) AS population_in_territories
    FROM territories WHERE vintage = $vintage GROUP BY code_reg
)
SELECT f.code_reg, coalesce(f.nom_reg, 'Région inconnue') AS nom_reg, f.status,
       count(*) AS n_projects, sum(f.amount_eur) AS amount_eur,
       any_value(pop.population_in_territories) AS population_in_territories
FROM project_facts f LEFT JOIN pop USING (code_reg)
WHERE f.vintage = $vintage
  AND ($scheme IS NULL OR f.scheme = $scheme)
  AND ($year IS NULL OR f.year = $year)
  AND ($region IS NULL OR f.code_reg = $region)
GROUP BY f.code_reg, f.nom_reg, f.status
ORDER BY f.code_reg, f.status;
