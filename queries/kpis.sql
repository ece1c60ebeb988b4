-- Bandeau des indicateurs clés pour un millésime, éventuellement une région, un dispositif, une année.
-- Pas de données n'est pas zéro : n_territories_with_data compte les territoires dont une liste de
-- projets couvre la région selon les filtres ; s'il n'y en a aucun, projets et montants sont NULL
-- (« pas de données »), pas 0.
-- Écrite avec des CTE d'une seule ligne jointes aux territoires du périmètre, pas avec des
-- sous-requêtes scalaires : avec des sous-requêtes, l'optimiseur de l'ordre des jointures de DuckDB
-- prenait ≈ 25 ms des ≈ 35 ms que coûtait cette requête.
WITH scope AS (
    SELECT id_ti, code_reg, n_communes, population FROM territories
    WHERE vintage = $vintage AND ($region IS NULL OR code_reg = $region)
), covered AS (
    SELECT DISTINCT code_reg FROM projects
    WHERE ($scheme IS NULL OR scheme = $scheme) AND ($year IS NULL OR year = $year)
), territories_in_scope AS (
    SELECT count(*) AS n_territories,
           coalesce(sum(s.n_communes), 0) AS n_communes,
           coalesce(sum(s.population), 0) AS population,
           count(c.code_reg) AS n_territories_with_data,
           sum(s.population) FILTER (WHERE c.code_reg IS NOT NULL) AS population_with_data
    FROM scope s LEFT JOIN covered c ON c.code_reg = s.code_reg
), epci AS (
    SELECT count(DISTINCT m.siren) AS n_epci
    FROM territory_members m JOIN scope s ON s.id_ti = m.id_ti
    WHERE m.vintage = $vintage AND m.type IN ('CC', 'CA', 'CU', 'METRO', 'EPT')
), funded AS (
    SELECT count(*) AS n_projects, coalesce(sum(f.amount_eur), 0) AS amount_eur
    FROM project_facts f JOIN scope s ON s.id_ti = f.id_ti
    WHERE f.vintage = $vintage AND f.status = 'inside'
      AND ($scheme IS NULL OR f.scheme = $scheme)
      AND ($year IS NULL OR f.year = $year)
), relance AS (  -- projets industriels France Relance (source de comptage, 2021-2022), non filtrés par année
    SELECT count(*) AS n_relance, count(*) FILTER (WHERE r.is_ti_fund) AS n_relance_ti
    FROM relance_facts r JOIN scope s ON s.id_ti = r.id_ti
    WHERE r.vintage = $vintage AND r.status = 'inside'
)
SELECT
    t.n_territories,
    epci.n_epci,
    t.n_communes,
    t.population,
    t.n_territories_with_data,
    CASE WHEN t.n_territories_with_data > 0 OR funded.n_projects > 0 THEN funded.n_projects END AS n_projects,
    CASE WHEN t.n_territories_with_data > 0 OR funded.n_projects > 0 THEN funded.amount_eur END AS amount_eur,
    CASE WHEN t.n_territories_with_data > 0 OR funded.n_projects > 0 THEN
        funded.amount_eur / nullif(t.population_with_data, 0) END AS euros_per_inhabitant,
    t.population_with_data,  -- le diviseur du « € par habitant » (territoires couverts seulement)
    -- France Relance (source de comptage) a des données réelles pour chaque région : jamais mises à NULL
    -- selon la couverture du Fonds vert
    relance.n_relance,
    relance.n_relance_ti
FROM territories_in_scope t, epci, funded, relance;
