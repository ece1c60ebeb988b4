-- Lignes France Relance dont le point GPS ne confirme pas le département de la ligne : le
-- département du point diffère (le point est conservé), la ligne n'en donne aucun, le point
-- n'est dans aucune commune, ou il n'y a pas de point. Comptées par la page, listées ici ligne
-- par ligne.
SELECT dep_check, project_id, company, measure, code_dep_source, nom_dep_source, code_dep AS code_dep_point,
       d.nom_dep AS nom_dep_point, nom_com AS commune_point, lat, lon
FROM relance_projects p
LEFT JOIN departements d USING (code_dep)
WHERE dep_check <> 'identique'
ORDER BY dep_check, project_id;
