-- KPI strip for a vintage, optionally one région, one scheme, one year.
WITH scope AS (
    SELECT * FROM territories
    WHERE vintage = $vintage AND ($region IS NULL OR code_reg = $region)
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
    funded.n_projects,
    funded.amount_eur,
    funded.amount_eur / nullif((SELECT sum(population) FROM scope), 0) AS euros_per_inhabitant,
    relance.n_relance,
    relance.n_relance_ti
FROM funded, relance;
