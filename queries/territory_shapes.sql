-- Polygones des territoires d'un millésime : disposition nationale (outre-mer en encarts) et
-- coordonnées réelles.
SELECT s.id_ti, t.nom, s.code_reg, s.geojson_national, s.geojson, s.area_km2, s.lon, s.lat
FROM territory_shapes s JOIN territories t USING (vintage, id_ti)
WHERE s.vintage = $vintage AND ($region IS NULL OR s.code_reg = $region)
ORDER BY s.id_ti;
