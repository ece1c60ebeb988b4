-- Où se trouvaient, à chaque millésime, les communes d'un territoire (du millésime choisi) :
-- les identifiants sont réutilisés d'une phase à l'autre, donc l'historique suit les communes,
-- pas les identifiants.
WITH mine AS (
    SELECT DISTINCT insee_com FROM territory_communes
    WHERE vintage = $vintage AND id_ti = $id_ti AND insee_com IS NOT NULL
)
SELECT c.vintage, c.id_ti, t.nom, count(DISTINCT c.insee_com) AS n_shared_communes,
       (SELECT count(*) FROM mine) AS n_communes_here,
       t.n_communes AS n_communes_there
FROM territory_communes c
JOIN mine USING (insee_com)
JOIN territories t ON t.vintage = c.vintage AND t.id_ti = c.id_ti
GROUP BY c.vintage, c.id_ti, t.nom, t.n_communes
ORDER BY c.vintage, n_shared_communes DESC;
