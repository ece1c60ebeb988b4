-- Sites Cartofriches des territoires d'une région, comparés à ceux de tous les territoires, pour
-- un millésime.
WITH m AS (
    SELECT t.code_reg, s.*
    FROM territories t
    LEFT JOIN friche_territory_summary s ON s.vintage = t.vintage AND s.id_ti = t.id_ti
    WHERE t.vintage = $vintage
)
SELECT 'region' AS scope, coalesce(sum(n_friches), 0)::BIGINT AS n_friches,
       coalesce(sum(n_friches_sans_projet), 0)::BIGINT AS n_friches_sans_projet,
       coalesce(sum(n_friches_avec_projet), 0)::BIGINT AS n_friches_avec_projet,
       coalesce(sum(n_friches_potentielles), 0)::BIGINT AS n_friches_potentielles,
       coalesce(sum(n_friches_industrielles), 0)::BIGINT AS n_friches_industrielles,
       coalesce(sum(n_friches_sans_surface), 0)::BIGINT AS n_friches_sans_surface,
       coalesce(sum(friches_surface_ha), 0) AS friches_surface_ha
FROM m WHERE code_reg = $region
UNION ALL
SELECT 'national', coalesce(sum(n_friches), 0)::BIGINT, coalesce(sum(n_friches_sans_projet), 0)::BIGINT,
       coalesce(sum(n_friches_avec_projet), 0)::BIGINT, coalesce(sum(n_friches_potentielles), 0)::BIGINT,
       coalesce(sum(n_friches_industrielles), 0)::BIGINT, coalesce(sum(n_friches_sans_surface), 0)::BIGINT,
       coalesce(sum(friches_surface_ha), 0)
FROM m;
