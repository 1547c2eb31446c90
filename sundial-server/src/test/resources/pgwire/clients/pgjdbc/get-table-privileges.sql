-- pgjdbc 42.7.13, DatabaseMetaData.getTablePrivileges(null, "public", "cpu"); captured from sundial serve's log of unanswered catalog queries (sundial serve --verbose)
-- param: public
-- param: cpu
SELECT current_database() AS current_database, n.nspname,c.relname,r.rolname,c.relacl  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c, pg_catalog.pg_roles r  WHERE c.relnamespace = n.oid  AND c.relowner = r.oid  AND c.relkind IN ('r','p','v','m','f')  AND n.nspname LIKE $1 AND c.relname LIKE $2 ORDER BY nspname, relname
