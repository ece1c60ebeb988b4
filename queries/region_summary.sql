-- One région against the nation for a vintage: territories, population, projects, euros.
WITH m AS (
    SELECT t.code_reg, t.population, f.n_projects, f.amount_eur, r.n_relance, r.n_relance_ti
    FROM territories t
    LEFT JOIN (SELECT id_ti, count(*) AS n_projects, sum(amount_eur) AS amount_eur
               FROM project_facts
               WHERE vintage = $vintage AND status = 'inside'
                 AND ($scheme IS NULL OR scheme = $scheme) AND ($year IS NULL OR year = $year)
               GROUP BY id_ti) f USING (id_ti)
    LEFT JOIN (SELECT id_ti, count(*) AS n_relance, count(*) FILTER (WHERE is_ti_fund) AS n_relance_ti
               FROM relance_facts WHERE vintage = $vintage AND status = 'inside'
               GROUP BY id_ti) r USING (id_ti)
    WHERE t.vintage = $vintage
)
SELECT 'region' AS scope, count(*) AS n_territories, sum(population) AS population,
       coalesce(sum(n_projects), 0) AS n_projects, coalesce(sum(amount_eur), 0) AS amount_eur,
       coalesce(sum(amount_eur), 0) / nullif(sum(population), 0) AS euros_per_inhabitant,
       coalesce(sum(n_relance), 0) AS n_relance, coalesce(sum(n_relance_ti), 0) AS n_relance_ti
FROM m WHERE code_reg = $region
UNION ALL
SELECT 'national', count(*), sum(population), coalesce(sum(n_projects), 0), coalesce(sum(amount_eur), 0),
       coalesce(sum(amount_eur), 0) / nullif(sum(population), 0),
       coalesce(sum(n_relance), 0), coalesce(sum(n_relance_ti), 0)
FROM m;
