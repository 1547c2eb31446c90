-- pgjdbc 42.7.13, DatabaseMetaData.getColumnPrivileges(null, "public", "cpu", "%"); captured from sundial serve's log of unanswered catalog queries (sundial serve --verbose)
-- param: public
-- param: cpu
-- param: %
SELECT current_database() AS current_database, n.nspname,c.relname,r.rolname,c.relacl, a.attacl,  a.attname  FROM pg_catalog.pg_namespace n, pg_catalog.pg_class c,  pg_catalog.pg_roles r, pg_catalog.pg_attribute a  WHERE c.relnamespace = n.oid  AND c.relowner = r.oid  AND c.oid = a.attrelid  AND c.relkind = 'r'  AND a.attnum > 0 AND NOT a.attisdropped  AND n.nspname = $1 AND c.relname = $2 AND a.attname LIKE $3 ORDER BY attname
