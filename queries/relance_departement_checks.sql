-- France Relance rows whose GPS point does not confirm the row's département: the point's
-- département differs (the point is kept), the row gives none, the point is in no commune,
-- or there is no point. Counted by the page, listed here row by row.
SELECT dep_check, project_id, company, measure, code_dep_source, nom_dep_source, code_dep AS code_dep_point,
       d.nom_dep AS nom_dep_point, nom_com AS commune_point, lat, lon
FROM relance_projects p
LEFT JOIN departements d USING (code_dep)
WHERE dep_check <> 'identique'
ORDER BY dep_check, project_id;
