-- One row per territory of a vintage (optionally of one région): population, funded
-- projects and amount under the filters, euros per inhabitant, national and regional ranks;
-- Cartofriches sites (counts, known surface) of the territory.
WITH funded AS (
    SELECT id_ti, count(*) AS n_projects, sum(amount_eur) AS amount_eur
    FROM project_facts
    WHERE vintage = $vintage AND status = 'inside'
      AND ($scheme IS NULL OR scheme = $scheme)
      AND ($year IS NULL OR year = $year)
    GROUP BY id_ti
), metrics AS (
    SELECT t.id_ti, t.nom, t.code_reg, t.nom_reg, t.departements, t.n_members, t.n_communes,
           t.population,
           coalesce(f.n_projects, 0) AS n_projects,
           coalesce(f.amount_eur, 0) AS amount_eur,
           coalesce(f.amount_eur, 0) / nullif(t.population, 0) AS euros_per_inhabitant,
           -- Cartofriches (inventory of reported sites, not of every brownfield): see friches_by_territory.sql
           coalesce(fr.n_friches, 0) AS n_friches,
           coalesce(fr.n_friches_sans_projet, 0) AS n_friches_sans_projet,
           coalesce(fr.n_friches_industrielles, 0) AS n_friches_industrielles,
           coalesce(fr.n_friches_sans_surface, 0) AS n_friches_sans_surface,
           CASE WHEN fr.n_friches IS NULL THEN 0 ELSE fr.friches_surface_ha END AS friches_surface_ha
    FROM territories t LEFT JOIN funded f USING (id_ti)
    LEFT JOIN friche_territory_summary fr ON fr.vintage = t.vintage AND fr.id_ti = t.id_ti
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
