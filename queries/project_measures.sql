-- Mesures présentes dans les projets, pour le filtre par mesure.
SELECT DISTINCT scheme, measure FROM projects ORDER BY scheme, measure;
