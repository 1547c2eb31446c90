-- pgjdbc 42.7.13, ResultSetMetaData.getColumnTypeName of an interval column (TypeInfoCache); captured from its driver log (loggerLevel TRACE) against sundial serve
-- param: 1186
SELECT n.nspname = ANY(current_schemas(true)), n.nspname, t.typname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON t.typnamespace = n.oid WHERE t.oid = $1
