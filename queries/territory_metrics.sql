-- Une ligne par territoire d'un millésime (éventuellement d'une seule région) : population, projets
-- financés et montant selon les filtres, euros par habitant, rang selon le montant ;
-- sites Cartofriches (nombres, surface connue) du territoire.
-- Pas de données n'est pas zéro : un territoire dont aucune liste de projets ne couvre la région
-- selon les filtres (p. ex. 2024, PACA seulement) a has_funding_data = false, et des chiffres et
-- des rangs NULL.
-- n_relance / n_relance_ti : projets industriels France Relance (tous, et ceux du fonds Territoires
-- d'industrie) dont le point GPS est dans le territoire : une source de comptage, 2021-2022, non
-- filtrée par le dispositif et l'année du Fonds vert, et des données réelles pour chaque région
-- (jamais mises à NULL par has_funding_data).
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
           -- Cartofriches (inventaire des sites signalés, pas de toutes les friches) :
           -- voir friches_by_territory.sql
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
    -- Le rang que suit la diapositive « ce qui a changé » (publication_diff) ; les pages classent en
    -- Python (tidash.ranking, égalités « ex aequo »). Chaque fenêtre de plus coûtait ≈ 1,5 ms ici, et
    -- aucune n'était lue. Avec une région, le WHERE ci-dessous s'applique d'abord : le rang est alors
    -- calculé parmi les territoires de la région.
    CASE WHEN has_funding_data THEN rank() OVER (PARTITION BY has_funding_data ORDER BY amount_eur DESC) END
        AS rank_amount_national
FROM figures
WHERE $region IS NULL OR code_reg = $region
ORDER BY amount_eur DESC NULLS LAST, id_ti;
