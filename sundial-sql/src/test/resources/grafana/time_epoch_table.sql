-- Grafana PostgreSQL data source (pkg/tsdb/grafana-postgresql-datasource/macros.go), table format: $__timeEpoch(ts)
-- and $__timeFilter(ts) over a range with milliseconds (RFC 3339 with the fraction Grafana keeps), LIMIT 50.
-- before expansion: SELECT $__timeEpoch(ts), host, usage FROM cpu WHERE $__timeFilter(ts) ORDER BY 1,2 LIMIT 50
SELECT extract(epoch from ts) as "time", host, usage FROM cpu WHERE ts BETWEEN '2024-01-01T01:00:00.5Z' AND '2024-01-01T01:02:00Z' ORDER BY 1,2 LIMIT 50
