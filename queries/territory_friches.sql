-- The Cartofriches sites of one territory (one row per site, with its point): for the map
-- and the table of the territory page. Surface in hectares, NULL when the inventory has none.
SELECT site_id,
       -- The producer puts the site id in place of a missing name.
       CASE WHEN nom IS NULL OR nom = site_id THEN 'sans nom (' || site_id || ')' ELSE nom END AS nom,
       commune, insee_com, statut, type, activite, surface_m2 / 10000 AS surface_ha,
       pollution, fonds_friches_candidat, industriel, industriel_motif, signale_par,
       date_actualisation, lon, lat
FROM friche_facts
WHERE vintage = $vintage AND id_ti = $id_ti AND status = 'inside'
ORDER BY CASE statut WHEN 'sans projet' THEN 1 WHEN 'avec projet' THEN 2 WHEN 'potentielle' THEN 3 ELSE 4 END,
         surface_m2 DESC NULLS LAST, site_id;
