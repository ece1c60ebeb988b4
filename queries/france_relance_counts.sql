-- France Relance: cumulative count of industrial companies helped, national or one région.
SELECT level, code, libelle, date, value
FROM france_relance_counts
WHERE ($region IS NULL AND level = 'national') OR (level = 'region' AND code = $region)
ORDER BY date;
