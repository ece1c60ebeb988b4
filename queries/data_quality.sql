-- Lignes non rapprochées, comptées et listées (rien n'est écarté en silence).
SELECT 'Commune de la liste 2020 sans code COG 2023' AS issue, vintage, id_ti, insee_com_source AS detail, 1 AS n
FROM territory_communes WHERE insee_com IS NULL
UNION ALL
SELECT 'Commune de territoire sans contour (créée après 2018)', vintage, id_ti, insee_com, 1
FROM communes_without_shape
UNION ALL
SELECT 'Projet non rattaché : ' || reason, vintage, NULL, NULL, count(*)
FROM project_territories WHERE status = 'unresolved'
GROUP BY reason, vintage
UNION ALL
SELECT 'Projet France Relance non rattaché : ' || reason, vintage, NULL, NULL, count(*)
FROM relance_territories WHERE status = 'unresolved'
GROUP BY reason, vintage
ORDER BY issue, vintage, id_ti;
