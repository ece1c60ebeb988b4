-- Row count and build date of the catalogue, per table.
SELECT table_name, estimated_size AS n_rows, (SELECT built_at FROM build_info) AS built_at
FROM duckdb_tables()
WHERE schema_name = 'main'
ORDER BY table_name;
