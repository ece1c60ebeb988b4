-- Funding by région split inside / outside / unresolved for a vintage. The région of a project
-- is the app's one default meaning: the région of its territory when it is in one (as the
-- national KPIs), else the région where it is located; population inside territories of the
-- région and the euros per inhabitant of the projects inside them.
WITH pop AS (
    SELECT code_reg, sum(population) AS population_in_territories
    FROM territories WHERE vintage = $vintage GROUP BY code_reg
), placed AS (
    SELECT f.*, CASE WHEN f.status = 'inside' THEN t.code_reg ELSE f.code_reg END AS code_reg_scope
    FROM project_facts f
    LEFT JOIN territories t ON t.vintage = f.vintage AND t.id_ti = f.id_ti
    WHERE f.vintage = $vintage
)
SELECT p.code_reg_scope AS code_reg, coalesce(r.nom_reg, 'Région inconnue') AS nom_reg, p.status,
       count(*) AS n_projects, sum(p.amount_eur) AS amount_eur,
       any_value(pop.population_in_territories) AS population_in_territories,
       -- € per inhabitant of the région's territories (projects inside them), on each of its rows
       sum(sum(p.amount_eur) FILTER (WHERE p.status = 'inside')) OVER (PARTITION BY p.code_reg_scope)
           / nullif(any_value(pop.population_in_territories), 0) AS euros_per_inhabitant
FROM placed p
LEFT JOIN regions r ON r.code_reg = p.code_reg_scope
LEFT JOIN pop ON pop.code_reg = p.code_reg_scope
WHERE ($scheme IS NULL OR p.scheme = $scheme)
  AND ($year IS NULL OR p.year = $year)
  AND ($region IS NULL OR p.code_reg_scope = $region)
GROUP BY p.code_reg_scope, r.nom_reg, p.status
ORDER BY p.code_reg_scope, p.status;
