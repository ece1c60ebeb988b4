-- Les chiffres cités du programme, éventuellement pour un seul thème.
SELECT fact_id, theme, phase, indicator, value, value_num, unit, value_as_stated, reference_date,
       date_basis, note, source_title, source_publisher, source_url, source_type
FROM programme_facts
WHERE $theme IS NULL OR theme = $theme
ORDER BY reference_date NULLS LAST, fact_id;
