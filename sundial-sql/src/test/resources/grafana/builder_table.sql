-- Grafana PostgreSQL data source, visual query builder of Grafana 10–12 (sqlUtil.ts toRawSql, table format):
-- a column, an aggregate, a filter, GROUP BY, ORDER BY … DESC and the default LIMIT 50, with its trailing space.
-- before expansion: SELECT host, avg(usage) FROM cpu WHERE $__timeFilter(ts) GROUP BY host ORDER BY host DESC LIMIT 50
SELECT host, avg(usage) FROM cpu WHERE ts BETWEEN '2024-01-01T01:00:00Z' AND '2024-01-01T03:00:00Z' GROUP BY host ORDER BY host DESC LIMIT 50 
