-- Le catalogue par rapport auquel la table publication_diff stockée a été calculée (nom de fichier ;
-- NULL quand la publication n'avait pas de catalogue précédent) : la diapositive ne lit les lignes
-- stockées que si c'est le catalogue que désigne à présent data/ti.previous.duckdb.
SELECT previous_catalogue FROM publication_diff_info;
