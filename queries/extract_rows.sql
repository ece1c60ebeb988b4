-- Nombre de lignes et date de construction du catalogue, par table.
SELECT table_name, estimated_size AS n_rows, (SELECT built_at FROM build_info) AS built_at
FROM duckdb_tables()
WHERE schema_name = 'main'
ORDER BY table_name;
