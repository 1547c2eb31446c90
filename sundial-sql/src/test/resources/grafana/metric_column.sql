-- Grafana PostgreSQL data source, query builder of Grafana 5.3–8 (public/app/plugins/datasource/postgres/postgres_query.ts)
-- with pkg/tsdb/postgres/macros.go: time column ts, metric column host, group by time 5m; $__timeGroup followed
-- by ',' becomes $__timeGroupAlias; the builder qualifies the table with its schema.
-- before expansion:
-- SELECT
--   $__timeGroup(ts,5m),
--   host AS metric,
--   avg(usage) AS "usage"
-- FROM public.cpu
-- WHERE
--   $__timeFilter(ts)
-- GROUP BY 1,2
-- ORDER BY 1
SELECT
  floor(extract(epoch from ts)/300)*300 AS "time",
  host AS metric,
  avg(usage) AS "usage"
FROM public.cpu
WHERE
  ts BETWEEN '2024-01-01T01:00:00Z' AND '2024-01-01T03:00:00Z'
GROUP BY 1,2
ORDER BY 1
