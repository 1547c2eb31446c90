-- DBeaver (plugin org.jkiss.dbeaver.ext.postgresql), PostgreDataSource.java prepareReadDatabaseListStatement: the databases, on connect with "Show all databases"; SQL text from its source
SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE 1 = 1 AND datallowconn AND NOT datistemplate 
ORDER BY db.datname
