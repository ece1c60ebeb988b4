-- KPI strip for a vintage, optionally one région, one scheme, one year. No data is not zero:
-- n_territories_with_data counts the territories whose région a project list covers under
-- the filters; with none, projects and amounts are NULL (« pas de données »), not 0.
WITH scope AS (
    SELECT * FROM territories
    WHERE vintage = $vintage AND ($region IS NULL OR code_reg = $region)
), covered AS (
    SELECT DISTINCT code_reg FROM projects
    WHERE ($scheme IS NULL OR scheme = $scheme) AND ($year IS NULL OR year = $year)
), with_data AS (
    SELECT count(*) AS n FROM scope WHERE code_reg IN (SELECT code_reg FROM covered)
), funded AS (
    SELECT count(*) AS n_projects, coalesce(sum(amount_eur), 0) AS amount_eur
    FROM project_facts f
    WHERE f.vintage = $vintage AND f.status = 'inside'
      AND f.id_ti IN (SELECT id_ti FROM scope)
      AND ($scheme IS NULL OR f.scheme = $scheme)
      AND ($year IS NULL OR f.year = $year)
), relance AS (  -- France Relance industrial projects (count source, 2021-2022), not year-filtered
    SELECT count(*) AS n_relance, count(*) FILTER (WHERE is_ti_fund) AS n_relance_ti
    FROM relance_facts r
    WHERE r.vintage = $vintage AND r.status = 'inside' AND r.id_ti IN (SELECT id_ti FROM scope)
)
SELECT
    (SELECT count(*) FROM scope) AS n_territories,
    (SELECT count(DISTINCT siren) FROM territory_members m
      WHERE m.vintage = $vintage AND m.type IN ('CC', 'CA', 'CU', 'METRO', 'EPT')
        AND m.id_ti IN (SELECT id_ti FROM scope)) AS n_epci,
    (SELECT coalesce(sum(n_communes), 0) FROM scope) AS n_communes,
    (SELECT coalesce(sum(population), 0) FROM scope) AS population,
    with_data.n AS n_territories_with_data,
    CASE WHEN with_data.n > 0 OR funded.n_projects > 0 THEN funded.n_projects END AS n_projects,
    CASE WHEN with_data.n > 0 OR funded.n_projects > 0 THEN funded.amount_eur END AS amount_eur,
    CASE WHEN with_data.n > 0 OR funded.n_projects > 0 THEN
        funded.amount_eur / nullif((SELECT sum(population) FROM scope
                                    WHERE code_reg IN (SELECT code_reg FROM covered)), 0) END AS euros_per_inhabitant,
    -- France Relance is real data for every région (a count source): never NULLed by the Fonds vert coverage
    relance.n_relance,
    relance.n_relance_ti
FROM funded, with_data, relance;
