-- Funded projects for a vintage, filtered; status 'all' keeps outside and unresolved rows.
SELECT f.project_id, f.source, f.scheme, f.measure, f.year, f.amount_eur, f.title, f.beneficiary,
       f.siren, f.insee_com_source, f.nom_commune_source, f.nom_dep, f.nom_reg,
       f.id_ti, t.nom AS territory, f.status, f.method, f.reason
FROM project_facts f
LEFT JOIN territories t ON t.vintage = f.vintage AND t.id_ti = f.id_ti
WHERE f.vintage = $vintage
  AND ($id_ti IS NULL OR f.id_ti = $id_ti)
  AND ($region IS NULL OR f.code_reg = $region)
  AND ($scheme IS NULL OR f.scheme = $scheme)
  AND ($measure IS NULL OR f.measure = $measure)
  AND ($year IS NULL OR f.year = $year)
  AND ($status IS NULL OR f.status = $status)
  AND ($min_amount IS NULL OR f.amount_eur >= $min_amount)
  AND ($max_amount IS NULL OR f.amount_eur <= $max_amount)
  AND ($text IS NULL OR contains(f.search_text, strip_accents(lower($text))))  -- literal: % and _ are no wildcards
ORDER BY f.amount_eur DESC, f.project_id
LIMIT $limit;
