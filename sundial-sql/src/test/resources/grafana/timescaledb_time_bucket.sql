-- Grafana PostgreSQL data source with the TimescaleDB option (pkg/tsdb/grafana-postgresql-datasource/macros.go):
-- $__timeGroupAlias(ts,$__interval) with $__interval = 1m becomes time_bucket('%.3fs', ts).
-- before expansion: SELECT $__timeGroupAlias(ts,$__interval), avg(usage) AS "usage" FROM cpu WHERE $__timeFilter(ts) GROUP BY 1 ORDER BY 1
SELECT time_bucket('60.000s',ts) AS "time", avg(usage) AS "usage" FROM cpu WHERE ts BETWEEN '2024-01-01T01:00:00Z' AND '2024-01-01T03:00:00Z' GROUP BY 1 ORDER BY 1
