-- Le suivi importé des projets du programme (programme_projects, contrat docs/contrat-suivi-projets.md)
-- compté selon une dimension (axis, status, operator, territory, region) pour un millésime,
-- éventuellement une région ou un territoire : projets, montant engagé et montant versé.
WITH ledger AS (
    SELECT p.project_id, p.axis, coalesce(p.status, 'statut non renseigné') AS status, p.operator,
           p.id_ti, t.nom AS territory, t.code_reg, t.nom_reg,
           CAST(p.amount_committed_eur AS DECIMAL(18, 2)) AS committed,
           CAST(p.amount_paid_eur AS DECIMAL(18, 2)) AS paid
    FROM programme_projects p
    LEFT JOIN territories t ON t.vintage = p.vintage AND t.id_ti = p.id_ti
    WHERE p.vintage = $vintage
      AND ($region IS NULL OR t.code_reg = $region)
      AND ($id_ti IS NULL OR p.id_ti = $id_ti)
)
SELECT CASE $dimension
           WHEN 'axis' THEN axis
           WHEN 'status' THEN status
           WHEN 'operator' THEN operator
           WHEN 'territory' THEN coalesce(territory || ' (' || id_ti || ')', id_ti)
           WHEN 'region' THEN coalesce(nom_reg, 'Région inconnue')
       END AS value,
       count(*) AS n_projects,
       coalesce(sum(committed), 0) AS amount_committed_eur,
       sum(paid) AS amount_paid_eur,
       count(paid) AS n_with_paid
FROM ledger
GROUP BY ALL
ORDER BY amount_committed_eur DESC, value;
