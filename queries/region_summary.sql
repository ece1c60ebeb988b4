-- Une région comparée à la France entière pour un millésime : territoires, population, projets,
-- euros. Pas de données n'est pas zéro : projets et euros sont NULL pour une région qu'aucune liste
-- de projets ne couvre selon les filtres ; la ligne nationale ne compte que les territoires des
-- régions couvertes.
WITH covered AS (
    SELECT DISTINCT code_reg FROM projects
    WHERE ($scheme IS NULL OR scheme = $scheme) AND ($year IS NULL OR year = $year)
), m AS (
    SELECT t.code_reg, t.population, f.n_projects, f.amount_eur, r.n_relance, r.n_relance_ti,
           t.code_reg IN (SELECT code_reg FROM covered) AS has_funding_data
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
       bool_or(has_funding_data) AS has_funding_data,
       CASE WHEN bool_or(has_funding_data) THEN coalesce(sum(n_projects), 0) END AS n_projects,
       CASE WHEN bool_or(has_funding_data) THEN coalesce(sum(amount_eur), 0) END AS amount_eur,
       CASE WHEN bool_or(has_funding_data) THEN coalesce(sum(amount_eur), 0) / nullif(sum(population), 0) END
           AS euros_per_inhabitant,
       -- France Relance (source de comptage) couvre toutes les régions : additionné quelle que soit
       -- la couverture du Fonds vert
       coalesce(sum(n_relance), 0) AS n_relance, coalesce(sum(n_relance_ti), 0) AS n_relance_ti,
       count(*) FILTER (WHERE has_funding_data) AS n_territories_with_data
FROM m WHERE code_reg = $region
UNION ALL
SELECT 'national', count(*), sum(population), bool_or(has_funding_data),
       coalesce(sum(n_projects) FILTER (WHERE has_funding_data), 0),
       coalesce(sum(amount_eur) FILTER (WHERE has_funding_data), 0),
       coalesce(sum(amount_eur) FILTER (WHERE has_funding_data), 0)
           / nullif(sum(population) FILTER (WHERE has_funding_data), 0),
       coalesce(sum(n_relance), 0), coalesce(sum(n_relance_ti), 0),
       count(*) FILTER (WHERE has_funding_data)  -- le diviseur du « € par habitant » national
FROM m;
