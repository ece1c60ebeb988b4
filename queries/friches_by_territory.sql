-- Sites Cartofriches de chaque territoire d'un millésime (éventuellement d'une seule région) :
-- nombres par statut, sites industriels, candidats au Fonds friches, surface connue (ha) et
-- sites sans surface. Un territoire sans aucun site signalé compte 0 site ; sa surface connue
-- vaut 0 ha seulement s'il n'a aucun site, NULL s'il a des sites mais aucun avec une surface.
SELECT t.id_ti, t.nom, t.code_reg, t.nom_reg,
       coalesce(s.n_friches, 0) AS n_friches,
       coalesce(s.n_friches_potentielles, 0) AS n_friches_potentielles,
       coalesce(s.n_friches_sans_projet, 0) AS n_friches_sans_projet,
       coalesce(s.n_friches_avec_projet, 0) AS n_friches_avec_projet,
       coalesce(s.n_friches_reconverties, 0) AS n_friches_reconverties,
       coalesce(s.n_friches_industrielles, 0) AS n_friches_industrielles,
       coalesce(s.n_friches_fonds_friches, 0) AS n_friches_fonds_friches,
       coalesce(s.n_friches_avec_surface, 0) AS n_friches_avec_surface,
       coalesce(s.n_friches_sans_surface, 0) AS n_friches_sans_surface,
       CASE WHEN s.n_friches IS NULL THEN 0 ELSE s.friches_surface_ha END AS friches_surface_ha
FROM territories t
LEFT JOIN friche_territory_summary s ON s.vintage = t.vintage AND s.id_ti = t.id_ti
WHERE t.vintage = $vintage AND ($region IS NULL OR t.code_reg = $region)
ORDER BY n_friches DESC, t.id_ti;
