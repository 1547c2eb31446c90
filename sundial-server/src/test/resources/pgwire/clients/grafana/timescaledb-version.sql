-- Grafana PostgreSQL data source, public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts getTimescaleDBVersion()
-- (grafana/grafana main, 2025): the SQL text its query editor sends, written out from the source; Grafana is not installed here
SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'
