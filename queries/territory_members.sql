-- Membres d'un territoire (EPCI, EPT, communes isolées) avec leur contour.
SELECT m.siren, m.nom, m.type, m.n_communes, m.population, m.listed_in_source, s.geojson
FROM territory_members m
LEFT JOIN member_shapes s USING (vintage, id_ti, siren)
WHERE m.vintage = $vintage AND m.id_ti = $id_ti
ORDER BY m.population DESC NULLS LAST, m.nom;
