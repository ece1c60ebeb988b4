-- Territoires du même millésime les plus proches d'un territoire : même région d'abord, puis
-- la population la plus proche (logarithme du rapport).
SELECT o.id_ti, o.nom, o.nom_reg, o.population,
       o.code_reg = me.code_reg AS same_region,
       abs(ln(o.population) - ln(me.population)) AS distance
FROM territories o, (SELECT * FROM territories WHERE vintage = $vintage AND id_ti = $id_ti) me
WHERE o.vintage = $vintage AND o.id_ti <> me.id_ti AND o.population > 0
ORDER BY same_region DESC, distance
LIMIT $limit;
