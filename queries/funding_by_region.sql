-- Financements par région, répartis entre dans les territoires / hors territoire / non rattachés,
-- pour un millésime. La région d'un projet, au sens par défaut, le même dans toute l'application :
-- la région de son territoire s'il est dans un territoire (comme les indicateurs nationaux), sinon
-- la région où il est situé ; population des territoires de la région et euros par habitant des
-- projets situés dans ces territoires (sur la ligne de ces projets).
-- Les projets sont d'abord comptés par (région, statut), puis nommés : à 10 M de projets, joindre
-- noms et populations à chaque ligne de projet prenait 2,4× plus de temps (bench/RESULTS.md).
WITH pop AS (
    SELECT code_reg, sum(population) AS population_in_territories
    FROM territories WHERE vintage = $vintage GROUP BY code_reg
), counted AS (
    SELECT CASE WHEN f.status = 'inside' THEN t.code_reg ELSE f.code_reg END AS code_reg, f.status,
           count(*) AS n_projects, sum(f.amount_eur) AS amount_eur
    FROM project_facts f
    LEFT JOIN territories t ON t.vintage = f.vintage AND t.id_ti = f.id_ti
    WHERE f.vintage = $vintage
      AND ($scheme IS NULL OR f.scheme = $scheme)
      AND ($year IS NULL OR f.year = $year)
    GROUP BY ALL
)
SELECT c.code_reg, coalesce(r.nom_reg, 'Région inconnue') AS nom_reg, c.status, c.n_projects, c.amount_eur,
       pop.population_in_territories,
       -- sur la ligne « dans un territoire » seulement : répété sur les autres, il s'y lisait comme leur propre chiffre
       CASE WHEN c.status = 'inside' THEN c.amount_eur / nullif(pop.population_in_territories, 0) END AS euros_per_inhabitant
FROM counted c
LEFT JOIN regions r ON r.code_reg = c.code_reg
LEFT JOIN pop ON pop.code_reg = c.code_reg
WHERE ($region IS NULL OR c.code_reg = $region)
ORDER BY c.code_reg, c.status;
