-- pgjdbc 42.7.13, DatabaseMetaData.getFunctionColumns(null, null, "%", "%"); captured from sundial serve's log of unanswered catalog queries (sundial serve --verbose)
-- param: %
SELECT current_database() AS current_database, n.nspname,p.proname,p.prorettype,p.proargtypes, t.typtype,t.typrelid,  p.proargnames, p.proargmodes, p.proallargtypes, p.oid  FROM pg_catalog.pg_proc p, pg_catalog.pg_namespace n, pg_catalog.pg_type t  WHERE p.pronamespace=n.oid AND p.prorettype=t.oid  AND p.proname LIKE $1 ORDER BY n.nspname, p.proname, p.oid::text
