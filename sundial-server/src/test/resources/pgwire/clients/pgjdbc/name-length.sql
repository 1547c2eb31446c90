-- pgjdbc 42.7.13, DatabaseMetaData.getClientInfoProperties() (the length of type name); captured from sundial serve's log of unanswered catalog queries (sundial serve --verbose)
SELECT t.typlen FROM pg_catalog.pg_type t, pg_catalog.pg_namespace n WHERE t.typnamespace=n.oid AND t.typname='name' AND n.nspname='pg_catalog'
