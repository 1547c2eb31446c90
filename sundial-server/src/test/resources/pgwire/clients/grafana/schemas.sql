-- Grafana PostgreSQL data source, public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts showSchemas()
-- (grafana/grafana main, 2025): the SQL text its query editor sends, written out from the source; Grafana is not installed here
SELECT schema_name AS "name"
    FROM information_schema.schemata
    WHERE schema_name NOT IN ('information_schema',
                              'pg_catalog',
                              'pg_toast',
                              '_timescaledb_cache',
                              '_timescaledb_catalog',
                              '_timescaledb_internal',
                              '_timescaledb_config',
                              'timescaledb_information',
                              'timescaledb_experimental')
    ORDER BY schema_name
