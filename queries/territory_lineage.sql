-- Pour chaque territoire d'un millésime, le territoire d'un autre millésime qui partage le plus de
-- communes avec lui (les identifiants sont réutilisés d'une phase à l'autre : suivre les communes,
-- jamais les identifiants). follows = false quand aucun des deux territoires n'a la moitié de ses
-- communes dans l'autre (pas d'équivalent dans ce millésime) ; un territoire sans aucune commune
-- en commun n'a pas de ligne.
SELECT id_ti, nom, n_communes, other_id_ti, other_nom, other_n_communes, n_shared_communes,
       share_here, share_there, follows
FROM territory_lineage
WHERE vintage = $vintage AND other_vintage = $other_vintage AND overlap_rank = 1
ORDER BY id_ti;
