-- Grafana PostgreSQL data source (pkg/tsdb/grafana-postgresql-datasource/macros.go), raw SQL with the fill variant
-- $__timeGroup(ts, '5m', 0) (fill is done by Grafana; the SQL is the same, and the ',' after the macro adds
-- AS "time") and a multi-value variable $host = h0, h1 interpolated as 'h0','h1'.
-- before expansion: SELECT $__timeGroup(ts, '5m', 0), max(usage) AS "max" FROM cpu WHERE $__timeFilter(ts) AND host IN ($host) GROUP BY 1 ORDER BY 1
SELECT floor(extract(epoch from ts)/300)*300 AS "time", max(usage) AS "max" FROM cpu WHERE ts BETWEEN '2024-01-01T01:00:00Z' AND '2024-01-01T03:00:00Z' AND host IN ('h0','h1') GROUP BY 1 ORDER BY 1
