-- Les données d'un territoire dans un millésime.
SELECT * FROM territories WHERE vintage = $vintage AND id_ti = $id_ti;
