-- Trouve les territoires d'un millésime par leur nom, l'un de leurs membres (EPCI…) ou l'une de
-- leurs communes, avec leur région ; insensible aux accents et à la casse, littérale (contains :
-- « % » et « _ » n'y sont pas des jokers).
-- Les territoires trouvés par leur nom d'abord, puis les correspondances sur un mot entier avant
-- celles à l'intérieur d'un mot (« Arve » : la Vallée de l'Arve avant Clermont Arverne), puis par nom.
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
