-- Finds territories of a vintage by their name, one of their members (EPCI…) or one of
-- their communes, with its région; accent- and case-insensitive, literal (contains: « % » and « _ » are no wildcards).
-- Territories named first, then whole-word matches before matches inside a word (« Arve »: the
-- Vallée de l'Arve before Clermont Arverne), then by name.
WITH needle AS (SELECT strip_accents(lower(trim($text))) AS q)
SELECT DISTINCT ON (id_ti, match_kind, match_label) id_ti, nom, nom_reg, match_kind, match_label FROM (
    SELECT t.id_ti, t.nom, t.nom_reg, 'territoire' AS match_kind, t.nom AS match_label
    FROM territories t, needle WHERE t.vintage = $vintage AND contains(strip_accents(lower(t.nom)), needle.q)
    UNION ALL
    SELECT m.id_ti, t.nom, t.nom_reg, 'membre', m.nom
    FROM territory_members m JOIN territories t USING (vintage, id_ti), needle
    WHERE m.vintage = $vintage AND contains(strip_accents(lower(m.nom)), needle.q)
    UNION ALL
    SELECT c.id_ti, t.nom, t.nom_reg, 'commune', c.nom || ' (' || c.insee_com || ')'
    FROM territory_communes c JOIN territories t USING (vintage, id_ti), needle
    WHERE c.vintage = $vintage
      AND (contains(strip_accents(lower(c.nom)), needle.q) OR c.insee_com = trim($text))
)
WHERE length(trim($text)) >= 2
ORDER BY match_kind = 'territoire' DESC,
         regexp_matches(strip_accents(lower(match_label)),
                        '(^|[^[:alnum:]])' || regexp_escape(strip_accents(lower(trim($text)))) || '($|[^[:alnum:]])') DESC,
         nom, match_label
LIMIT 50;
