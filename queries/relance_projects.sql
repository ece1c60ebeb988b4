-- Projets industriels France Relance pour un millésime (source de comptage, sans montants),
-- filtrés ; status NULL garde les lignes hors territoire et non rattachées. lon/lat : le point
-- GPS propre au projet.
-- Filtre région, au même sens dans toute l'application : la région du territoire pour un projet
-- dans un territoire, sinon la région de son point GPS.
SELECT f.project_id, f.company, f.company_type, f.siren, f.measure, f.measure_short, f.filiere, f.year,
       f.updated, f.description, f.nom_com, f.nom_dep, f.nom_reg, f.code_dep, f.code_dep_source,
       f.dep_check, f.is_ti_fund, f.lon, f.lat, f.id_ti, t.nom AS territory, f.status, f.method, f.reason
FROM relance_facts f
LEFT JOIN territories t ON t.vintage = f.vintage AND t.id_ti = f.id_ti
WHERE f.vintage = $vintage
  AND ($id_ti IS NULL OR f.id_ti = $id_ti)
  AND ($region IS NULL OR CASE WHEN f.status = 'inside' THEN t.code_reg ELSE f.code_reg END = $region)
  AND ($measure IS NULL OR f.measure = $measure)
  AND ($status IS NULL OR f.status = $status)
  AND ($text IS NULL OR f.search_text LIKE '%' || strip_accents(lower($text)) || '%')
ORDER BY f.is_ti_fund DESC, f.updated DESC, f.project_id
LIMIT $limit;
