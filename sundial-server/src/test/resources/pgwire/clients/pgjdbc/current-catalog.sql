-- pgjdbc 42.7.13, DatabaseMetaData.getColumns, first statement; captured from its driver log (loggerLevel TRACE) against sundial serve
select current_catalog
