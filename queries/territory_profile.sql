-- Facts of one territory in one vintage.
SELECT * FROM territories WHERE vintage = $vintage AND id_ti = $id_ti;
