-- Sites Cartofriches par millésime des périmètres : dans un territoire + hors territoire
-- + non rattachés = tous les sites du fichier (vérifié à la construction et par les tests).
SELECT vintage, status, n_sites, n_sites_with_surface, surface_ha, source_sites,
       n_sites / source_sites AS share_of_sites
FROM friches_reconciliation
ORDER BY vintage, CASE status WHEN 'inside' THEN 1 WHEN 'outside' THEN 2 ELSE 3 END;
