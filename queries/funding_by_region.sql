-- Funding by région split inside / outside / unresolved for a vintage. The région of a project
-- is the app's one default meaning: the région of its territory when it is in one (as the
-- national KPIs), else the région where it is located; population inside territories of the
-- région and the euros per inhabitant of the projects inside them.
-- Projects are counted by (région, status) first, then named: at 10 M projects, joining names
-- and populations to every project row cost 2,4× the time (bench/RESULTS.md).
WITH pop AS (
    SELECT code_reg, sum(population) AS population_in_territories
    FROM territories WHERE vintage = $vintage GROUP BY code_reg
), counted AS (
    SELECT CASE WHEN f.status = 'inside' THEN t.code_reg ELSE f.code_reg END AS code_reg, f.status,
           count(*) AS n_projects, sum(f.amount_eur) AS amount_eur
    FROM project_facts f
    LEFT JOIN territories t ON t.vintage = f.vintage AND t.id_ti = f.id_ti
    WHERE f.vintage = $vintage
      AND ($scheme IS NULL OR f.scheme = $scheme)
      AND ($year IS NULL OR f.year = $year)
    GROUP BY ALL
)
SELECT c.code_reg, coalesce(r.nom_reg, 'Région inconnue') AS nom_reg, c.status, c.n_projects, c.amount_eur,
       pop.population_in_territories,
       sum(c.amount_eur) FILTER (WHERE c.status = 'inside') OVER (PARTITION BY c.code_reg)
           / nullif(pop.population_in_territories, 0) AS euros_per_inhabitant
FROM counted c
LEFT JOIN regions r ON r.code_reg = c.code_reg
LEFT JOIN pop ON pop.code_reg = c.code_reg
WHERE ($region IS NULL OR c.code_reg = $region)
ORDER BY c.code_reg, c.status;
