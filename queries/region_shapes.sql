-- Région outlines (national layout and real coordinates), optionally one région.
SELECT s.code_reg, r.nom_reg, s.geojson_national, s.geojson
FROM region_shapes s JOIN regions r USING (code_reg)
WHERE $region IS NULL OR s.code_reg = $region
ORDER BY s.code_reg;
