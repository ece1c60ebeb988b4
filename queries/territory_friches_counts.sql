-- Sites Cartofriches d'un territoire comptés par statut (les quatre statuts toujours listés,
-- 0 quand il n'y en a aucun) et par type : sites, sites avec une surface, surface connue (ha).
WITH sites AS (
    SELECT statut, type, surface_m2 FROM friche_facts
    WHERE vintage = $vintage AND id_ti = $id_ti AND status = 'inside'
), statuses(value, position) AS (
    VALUES ('potentielle', 1), ('sans projet', 2), ('avec projet', 3), ('reconvertie', 4)
)
SELECT 'statut' AS dimension, s.value, count(x.statut) AS n_sites, count(x.surface_m2) AS n_with_surface,
       sum(x.surface_m2) / 10000 AS surface_ha, s.position
FROM statuses s LEFT JOIN sites x ON x.statut = s.value
GROUP BY s.value, s.position
UNION ALL
SELECT 'type', type, count(*), count(surface_m2), sum(surface_m2) / 10000, 100
FROM sites GROUP BY type
ORDER BY dimension, position, n_sites DESC, value;
