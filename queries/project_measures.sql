-- Measures present in the projects, for the measure filter.
SELECT DISTINCT scheme, measure FROM projects ORDER BY scheme, measure;
