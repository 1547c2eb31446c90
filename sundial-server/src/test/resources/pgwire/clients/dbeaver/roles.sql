-- DBeaver (plugin org.jkiss.dbeaver.ext.postgresql), PostgreDatabase.java RoleCache: the roles, for the database's owner and the Roles folder; SQL text from its source
SELECT a.oid,a.*,pd.description FROM pg_catalog.pg_roles a
left join pg_catalog.pg_shdescription pd on a.oid = pd.objoid
ORDER BY a.rolname
