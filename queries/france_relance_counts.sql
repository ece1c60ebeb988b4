-- France Relance : nombre cumulé d'entreprises industrielles aidées, au niveau national ou d'une région.
SELECT level, code, libelle, date, value
FROM france_relance_counts
WHERE ($region IS NULL AND level = 'national') OR (level = 'region' AND code = $region)
ORDER BY date;
