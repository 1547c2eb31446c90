-- pgjdbc 42.7.13, DatabaseMetaData.getTypeInfo(), first statement; captured from its driver log (loggerLevel TRACE) against sundial serve
SELECT t.typname,t.oid FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON (t.typnamespace = n.oid)  WHERE n.nspname  != 'pg_toast' AND  (t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid))
