-- DBeaver (plugin org.jkiss.dbeaver.ext.postgresql), PostgreDatabase.java readDatabaseInfo: the connected database's row, on connect; from its source (DBeaver is not installed here)
-- param: sundial
SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname=$1
