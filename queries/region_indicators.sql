-- Indicateurs France 2030 et industrie du baromètre de la DITP pour une région, avec la valeur
-- nationale à la même date (dernière valeur observée de chaque indicateur).
WITH latest AS (
    SELECT indic_id, level, code_reg, date, current_value, target_value,
           row_number() OVER (PARTITION BY indic_id, level, code_reg ORDER BY date DESC) AS rn
    FROM indicators WHERE current_value IS NOT NULL
)
SELECT r.indic_id, i.label, r.date, r.current_value AS region_value, n.current_value AS national_value
FROM latest r
JOIN (SELECT DISTINCT indic_id, label FROM indicators) i USING (indic_id)
LEFT JOIN indicators n ON n.indic_id = r.indic_id AND n.level = 'national' AND n.date = r.date
WHERE r.rn = 1 AND r.level = 'region' AND r.code_reg = $region
ORDER BY r.indic_id;
