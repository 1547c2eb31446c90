-- Grafana PostgreSQL data source (pkg/tsdb/grafana-postgresql-datasource/macros.go and sqleng's $__unixEpochFrom()):
-- a column of epoch seconds, $__unixEpochGroupAlias(epoch_s, 1m) and $__unixEpochFilter(epoch_s) over
-- 2024-01-01T01:00:00Z .. 2024-01-01T03:00:00Z, and $__unixEpochFrom() in the select list.
-- before expansion: SELECT $__unixEpochGroupAlias(epoch_s, 1m), count(*) AS "n", min(epoch_s) - $__unixEpochFrom() AS "offset" FROM cpu WHERE $__unixEpochFilter(epoch_s) GROUP BY 1 ORDER BY 1
SELECT floor((epoch_s)/60)*60 AS "time", count(*) AS "n", min(epoch_s) - 1704070800 AS "offset" FROM cpu WHERE epoch_s >= 1704070800 AND epoch_s <= 1704078000 GROUP BY 1 ORDER BY 1
