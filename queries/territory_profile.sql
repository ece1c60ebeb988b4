-- Facts of one territory in one vintage.
SELECT t.*, s.area_km2
FROM territories t LEFT JOIN territory_shapes s USING (vintage, id_ti)
WHERE t.vintage = $vintage AND t.id_ti = $id_ti;
