-- Derived tables and views stored in the catalogue, shared by the queries of queries/.

-- One row per project and vintage, with where it falls and its place. Materialised and
-- sorted by vintage then territory so that DuckDB's zone maps skip the other vintages; the
-- search text is lower-cased and unaccented once here rather than on every search.
CREATE OR REPLACE TABLE project_facts AS
SELECT p.*, pt.vintage, pt.id_ti, pt.status, pt.method, pt.reason,
       r.nom_reg, d.nom_dep,
       strip_accents(lower(p.title || ' ' || coalesce(p.beneficiary, ''))) AS search_text
FROM projects p
JOIN project_territories pt USING (project_id)
LEFT JOIN regions r ON r.code_reg = p.code_reg
LEFT JOIN departements d ON d.code_dep = p.code_dep
ORDER BY pt.vintage, pt.id_ti, p.amount_eur DESC;

-- Each COG-2023 commune with its 2026 code (itself, or the commune that absorbed it).
CREATE OR REPLACE VIEW commune_2023_to_2026 AS
SELECT c.insee_com, coalesce(n.insee_com, h.insee_com_2026) AS insee_com_2026
FROM communes_cog2023 c
LEFT JOIN communes n ON n.insee_com = c.insee_com
LEFT JOIN commune_history h ON h.code = c.insee_com;

-- One row per France Relance industrial project and vintage (a count source: no amounts).
CREATE OR REPLACE TABLE relance_facts AS
SELECT p.*, rt.vintage, rt.id_ti, rt.status, rt.method, rt.reason,
       r.nom_reg, d.nom_dep,
       strip_accents(lower(coalesce(p.company, '') || ' ' || coalesce(p.description, ''))) AS search_text
FROM relance_projects p
JOIN relance_territories rt USING (project_id)
LEFT JOIN regions r ON r.code_reg = p.code_reg
LEFT JOIN departements d ON d.code_dep = p.code_dep
ORDER BY rt.vintage, rt.id_ti, p.project_id;

-- One row per Cartofriches site and vintage, with where it falls (sorted like project_facts).
CREATE OR REPLACE TABLE friche_facts AS
SELECT f.*, ft.vintage, ft.id_ti, ft.status, ft.reason, c.nom AS commune
FROM friches f
JOIN friche_territories ft USING (site_id)
LEFT JOIN communes_cog2023 c ON c.insee_com = f.insee_com
ORDER BY ft.vintage, ft.id_ti, f.site_id;

-- Cartofriches sites per territory and vintage (inside only): counts by status, industrial
-- sites, Fonds friches candidates, known surface and how many sites have none.
CREATE OR REPLACE TABLE friche_territory_summary AS
SELECT vintage, id_ti,
       count(*) AS n_friches,
       count(*) FILTER (statut = 'potentielle') AS n_friches_potentielles,
       count(*) FILTER (statut = 'sans projet') AS n_friches_sans_projet,
       count(*) FILTER (statut = 'avec projet') AS n_friches_avec_projet,
       count(*) FILTER (statut = 'reconvertie') AS n_friches_reconverties,
       count(*) FILTER (industriel) AS n_friches_industrielles,
       count(*) FILTER (fonds_friches_candidat) AS n_friches_fonds_friches,
       count(surface_m2) AS n_friches_avec_surface,
       count(*) - count(surface_m2) AS n_friches_sans_surface,
       sum(surface_m2) / 10000 AS friches_surface_ha
FROM friche_facts
WHERE status = 'inside'
GROUP BY vintage, id_ti;
