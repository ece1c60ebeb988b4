-- Choices offered by the sidebar: régions with territories, schemes and years with projects.
SELECT 'region' AS kind, code_reg AS value, nom_reg AS label FROM (
    SELECT DISTINCT t.code_reg, t.nom_reg FROM territories t)
UNION ALL
SELECT DISTINCT 'scheme', scheme, scheme FROM projects
UNION ALL
SELECT DISTINCT 'year', CAST(year AS VARCHAR), CAST(year AS VARCHAR) FROM projects
UNION ALL
SELECT 'territory', vintage || '|' || id_ti, nom FROM territories
ORDER BY kind, value;
