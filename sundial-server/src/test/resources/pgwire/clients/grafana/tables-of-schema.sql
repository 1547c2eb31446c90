-- Grafana PostgreSQL data source, public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts showTables('public')
-- (grafana/grafana main, 2025): the SQL text its query editor sends, written out from the source; Grafana is not installed here
SELECT quote_ident(table_name) AS "table"
      FROM information_schema.tables
      WHERE quote_ident(table_schema) = 'public'
      ORDER BY 1
