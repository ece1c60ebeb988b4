-- One row per territory of a vintage (optionally of one région): population, funded
-- projects and amount under the filters, euros per inhabitant, national and regional ranks.
-- n_relance / n_relance_ti: France Relance industrial projects (all, and those of the
-- Territoires d'industrie fund) whose GPS point is in the territory: a count source, 2021-2022,
-- not filtered by the scheme and year of the Fonds vert.
WITH funded AS (
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
           coalesce(f.n_projects, 0) AS n_projects,
           coalesce(f.amount_eur, 0) AS amount_eur,
           coalesce(f.amount_eur, 0) / nullif(t.population, 0) AS euros_per_inhabitant,
           coalesce(r.n_relance, 0) AS n_relance,
           coalesce(r.n_relance_ti, 0) AS n_relance_ti
    FROM territories t LEFT JOIN funded f USING (id_ti) LEFT JOIN relance r USING (id_ti)
    WHERE t.vintage = $vintage
)
SELECT *,
    rank() OVER (ORDER BY amount_eur DESC) AS rank_amount_national,
    rank() OVER (PARTITION BY code_reg ORDER BY amount_eur DESC) AS rank_amount_regional,
    rank() OVER (ORDER BY euros_per_inhabitant DESC) AS rank_per_inhabitant_national,
    rank() OVER (PARTITION BY code_reg ORDER BY euros_per_inhabitant DESC) AS rank_per_inhabitant_regional,
    count(*) OVER () AS n_national,
    count(*) OVER (PARTITION BY code_reg) AS n_regional
FROM metrics
WHERE $region IS NULL OR code_reg = $region
ORDER BY amount_eur DESC, id_ti;
