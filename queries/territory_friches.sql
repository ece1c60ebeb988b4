-- Les sites Cartofriches d'un territoire (une ligne par site, avec son point) : pour la carte
-- et le tableau de la page du territoire. Surface en hectares, NULL quand l'inventaire n'en
-- donne pas.
SELECT site_id,
       -- Le producteur met l'identifiant du site à la place d'un nom manquant.
       CASE WHEN nom IS NULL OR nom = site_id THEN 'sans nom (' || site_id || ')' ELSE nom END AS nom,
       commune, insee_com, statut, type, activite, surface_m2 / 10000 AS surface_ha,
       pollution, fonds_friches_candidat, industriel, industriel_motif, signale_par,
       date_actualisation, lon, lat
FROM friche_facts
WHERE vintage = $vintage AND id_ti = $id_ti AND status = 'inside'
ORDER BY CASE statut WHEN 'sans projet' THEN 1 WHEN 'avec projet' THEN 2 WHEN 'potentielle' THEN 3 ELSE 4 END,
         surface_m2 DESC NULLS LAST, site_id;
