-- One row per territory of a vintage (optionally of one région): population, funded
-- projects and amount under the filters, euros per inhabitant, rank by amount;
-- Cartofriches sites (counts, known surface) of the territory.
-- No data is not zero: a territory whose région no project list covers under the filters
-- (e.g. 2024, PACA only) has has_funding_data = false and NULL figures and ranks.
-- n_relance / n_relance_ti: France Relance industrial projects (all, and those of the
-- Territoires d'industrie fund) whose GPS point is in the territory: a count source, 2021-2022,
-- not filtered by the scheme and year of the Fonds vert, and real data for every région
-- (never NULLed by has_funding_data).
WITH covered AS (
    SELECT DISTINCT code_reg FROM projects
    WHERE ($scheme IS NULL OR scheme = $scheme) AND ($year IS NULL OR year = $year)
), funded AS (
    SELECT id_ti, count(*) AS n_projects, sum(amount_eur) AS amount_eur
    FROM project_facts
    WHERE vintage = $vintage AND status = 'inside'
      AND ($scheme IS NULL OR scheme = $scheme)
      AND ($year IS NULL OR year = $year)
    GROUP BY id_ti
), relance AS (
    SELECT id_ti, count(*) AS n_relance, count(*) FILTER (WHERE is_ti_fund) AS n_relance_ti
    FROM relance_facts
    WHERE vintage = $vintage AND status = 'inside'
    GROUP BY id_ti
), metrics AS (
    SELECT t.id_ti, t.nom, t.code_reg, t.nom_reg, t.departements, t.n_members, t.n_communes,
           t.population,
           (t.code_reg IN (SELECT code_reg FROM covered) OR f.n_projects IS NOT NULL) AS has_funding_data
    , f.n_projects AS n_funded, f.amount_eur AS amount_funded,
           -- Cartofriches (inventory of reported sites, not of every brownfield): see friches_by_territory.sql
           coalesce(fr.n_friches, 0) AS n_friches,
           coalesce(fr.n_friches_sans_projet, 0) AS n_friches_sans_projet,
           coalesce(fr.n_friches_industrielles, 0) AS n_friches_industrielles,
           coalesce(fr.n_friches_sans_surface, 0) AS n_friches_sans_surface,
           CASE WHEN fr.n_friches IS NULL THEN 0 ELSE fr.friches_surface_ha END AS friches_surface_ha,
           coalesce(r.n_relance, 0) AS n_relance,
           coalesce(r.n_relance_ti, 0) AS n_relance_ti
    FROM territories t LEFT JOIN funded f USING (id_ti) LEFT JOIN relance r USING (id_ti)
    LEFT JOIN friche_territory_summary fr ON fr.vintage = t.vintage AND fr.id_ti = t.id_ti
    WHERE t.vintage = $vintage
), figures AS (
    SELECT * EXCLUDE (n_funded, amount_funded),
           CASE WHEN has_funding_data THEN coalesce(n_funded, 0) END AS n_projects,
           CASE WHEN has_funding_data THEN coalesce(amount_funded, 0) END AS amount_eur,
           CASE WHEN has_funding_data THEN coalesce(amount_funded, 0) / nullif(population, 0) END AS euros_per_inhabitant
    FROM metrics
)
SELECT *,
    -- The rank the « what changed » slide follows (publication_diff); the pages rank in Python
    -- (tidash.ranking, ties « ex aequo »). Each further window cost ≈ 1,5 ms here, and none was read.
    -- With a région the WHERE below applies first: the rank is then among the région's territories.
    CASE WHEN has_funding_data THEN rank() OVER (PARTITION BY has_funding_data ORDER BY amount_eur DESC) END
        AS rank_amount_national
FROM figures
WHERE $region IS NULL OR code_reg = $region
ORDER BY amount_eur DESC NULLS LAST, id_ti;
