-- Les projets du suivi importé du programme pour un millésime, éventuellement une région ou
-- un territoire.
SELECT p.project_id, p.title, p.axis, p.operator, p.status, p.year,
       CAST(p.amount_committed_eur AS DECIMAL(18, 2)) AS amount_committed_eur,
       CAST(p.amount_paid_eur AS DECIMAL(18, 2)) AS amount_paid_eur,
       p.id_ti, t.nom AS territory, t.nom_reg,
       CASE p.id_ti_method WHEN 'id_territoire' THEN 'identifiant donné' ELSE p.id_ti_method END AS id_ti_method
FROM programme_projects p
LEFT JOIN territories t ON t.vintage = p.vintage AND t.id_ti = p.id_ti
WHERE p.vintage = $vintage
  AND ($region IS NULL OR t.code_reg = $region)
  AND ($id_ti IS NULL OR p.id_ti = $id_ti)
ORDER BY amount_committed_eur DESC, p.project_id;
