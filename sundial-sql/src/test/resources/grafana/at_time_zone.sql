-- Grafana PostgreSQL data source (pkg/tsdb/grafana-postgresql-datasource/macros.go), raw SQL a user writes for a
-- timestamp column read as UTC wall time: $__timeGroupAlias(ts AT TIME ZONE 'UTC', 1h), two aggregates, and
-- $__timeFilter(ts) over 2024-01-01T01:00:00Z .. 2024-01-01T03:00:00Z.
-- before expansion: SELECT $__timeGroupAlias(ts AT TIME ZONE 'UTC', 1h), min(usage) AS "min", max(usage) AS "max" FROM cpu WHERE $__timeFilter(ts) GROUP BY 1 ORDER BY 1
SELECT floor(extract(epoch from ts AT TIME ZONE 'UTC')/3600)*3600 AS "time", min(usage) AS "min", max(usage) AS "max" FROM cpu WHERE ts BETWEEN '2024-01-01T01:00:00Z' AND '2024-01-01T03:00:00Z' GROUP BY 1 ORDER BY 1
