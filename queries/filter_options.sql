-- Choix proposés par la barre latérale : régions ayant des territoires, dispositifs et années ayant
-- des projets.
SELECT 'region' AS kind, code_reg AS value, nom_reg AS label FROM (
    SELECT DISTINCT t.code_reg, t.nom_reg FROM territories t)
UNION ALL
SELECT DISTINCT 'scheme', scheme, scheme FROM projects
UNION ALL
SELECT DISTINCT 'year', CAST(year AS VARCHAR), CAST(year AS VARCHAR) FROM projects
UNION ALL
SELECT 'territory', vintage || '|' || id_ti, nom FROM territories
ORDER BY kind, value;
