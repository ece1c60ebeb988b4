-- Communes entrées dans un territoire ou sorties de celui-ci entre un autre millésime et le
-- millésime choisi.
WITH here AS (
    SELECT DISTINCT insee_com FROM territory_communes
    WHERE vintage = $vintage AND id_ti = $id_ti AND insee_com IS NOT NULL
), there AS (
    SELECT DISTINCT c.insee_com FROM territory_communes c
    WHERE c.vintage = $other_vintage AND c.id_ti = $other_id_ti AND c.insee_com IS NOT NULL
)
SELECT CASE WHEN there.insee_com IS NULL THEN 'entrée' ELSE 'sortie' END AS change,
       coalesce(here.insee_com, there.insee_com) AS insee_com, cc.nom, cc.code_dep, cc.population
FROM here FULL OUTER JOIN there USING (insee_com)
LEFT JOIN communes_cog2023 cc ON cc.insee_com = coalesce(here.insee_com, there.insee_com)
WHERE here.insee_com IS NULL OR there.insee_com IS NULL
ORDER BY change, cc.nom;
