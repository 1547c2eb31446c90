-- Grafana PostgreSQL data source (pkg/tsdb/grafana-postgresql-datasource/macros.go, Grafana 10–12), time series
-- format, written by the visual query builder: $__timeGroupAlias(ts,$__interval) with $__interval = 1m and
-- $__timeFilter(ts) over 2024-01-01T01:00:00Z .. 2024-01-01T03:00:00Z.
-- before expansion: SELECT $__timeGroupAlias(ts,$__interval), avg(usage) AS "usage" FROM cpu WHERE $__timeFilter(ts) GROUP BY 1 ORDER BY 1
SELECT floor(extract(epoch from ts)/60)*60 AS "time", avg(usage) AS "usage" FROM cpu WHERE ts BETWEEN '2024-01-01T01:00:00Z' AND '2024-01-01T03:00:00Z' GROUP BY 1 ORDER BY 1
