-- For each territory of a vintage, the territory of another vintage sharing the most communes
-- (ids are reused across phases: follow communes, never ids). follows = false when neither
-- territory has half of its communes in the other (no counterpart in that vintage); a
-- territory with no commune in common has no row.
SELECT id_ti, nom, n_communes, other_id_ti, other_nom, other_n_communes, n_shared_communes,
       share_here, share_there, follows
FROM territory_lineage
WHERE vintage = $vintage AND other_vintage = $other_vintage AND overlap_rank = 1
ORDER BY id_ti;
