-- Projets financés pour un millésime, filtrés ; status NULL garde les lignes hors territoire et
-- non rattachées. Triés ici, avant le LIMIT ($limit NULL = toutes les lignes filtrées, pour les
-- téléchargements) ; n_filtered, amount_filtered et n_unresolved_filtered comptent toutes les
-- lignes filtrées, quelle que soit la limite.
SELECT f.project_id, f.source, f.scheme, f.measure, f.year, f.amount_eur, f.title, f.beneficiary,
       f.siren, f.insee_com_source, f.nom_commune_source, f.nom_dep, f.nom_reg,
       f.id_ti, t.nom AS territory, f.status, f.method, f.reason,
       count(*) OVER () AS n_filtered,
       sum(f.amount_eur) OVER () AS amount_filtered,
       count(*) FILTER (WHERE f.status = 'unresolved') OVER () AS n_unresolved_filtered,
       count(*) FILTER (WHERE f.status = 'inside') OVER () AS n_inside_filtered,
       coalesce(sum(f.amount_eur) FILTER (WHERE f.status = 'inside') OVER (), 0) AS amount_inside_filtered
FROM project_facts f
LEFT JOIN territories t ON t.vintage = f.vintage AND t.id_ti = f.id_ti
WHERE f.vintage = $vintage
  AND ($id_ti IS NULL OR f.id_ti = $id_ti)
  -- région, au sens par défaut, le même dans toute l'application : la région du territoire du projet,
  -- ou celle où il est situé quand il n'est dans aucun territoire ; $located = true : celle où il est
  -- situé, pour tout projet
  AND ($region IS NULL OR
       CASE WHEN f.status = 'inside' AND NOT coalesce($located, false) THEN t.code_reg ELSE f.code_reg END = $region)
  AND ($scheme IS NULL OR f.scheme = $scheme)
  AND ($measure IS NULL OR f.measure = $measure)
  AND ($year IS NULL OR f.year = $year)
  AND ($status IS NULL OR f.status = $status)
  AND ($min_amount IS NULL OR f.amount_eur >= $min_amount)
  AND ($max_amount IS NULL OR f.amount_eur <= $max_amount)
  -- texte littéral : % et _ n'y sont pas des jokers
  AND ($text IS NULL OR contains(f.search_text, strip_accents(lower($text))))
ORDER BY
  CASE WHEN $sort = 'amount_asc' THEN f.amount_eur END ASC NULLS LAST,
  CASE WHEN $sort = 'title' THEN f.title END ASC NULLS LAST,
  CASE WHEN $sort = 'territory' THEN t.nom END ASC NULLS LAST,
  f.amount_eur DESC NULLS LAST,
  f.project_id
LIMIT $limit;
