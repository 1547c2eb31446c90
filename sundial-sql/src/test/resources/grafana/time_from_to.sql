-- Grafana PostgreSQL data source (pkg/tsdb/grafana-postgresql-datasource/macros.go): $__time(ts), $__timeFrom() and
-- $__timeTo() over 2024-01-01T01:00:00Z .. 2024-01-01T01:05:00Z, table format.
-- before expansion: SELECT $__time(ts), usage FROM cpu WHERE ts >= $__timeFrom() AND ts < $__timeTo() AND host = 'h1' ORDER BY 1
SELECT ts AS "time", usage FROM cpu WHERE ts >= '2024-01-01T01:00:00Z' AND ts < '2024-01-01T01:05:00Z' AND host = 'h1' ORDER BY 1
