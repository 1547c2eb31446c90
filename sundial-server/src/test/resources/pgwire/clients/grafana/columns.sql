-- Grafana PostgreSQL data source, public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts getSchema('cpu')
-- (grafana/grafana main, 2025): the SQL text its query editor sends, written out from the source; Grafana is not installed here
SELECT quote_ident(column_name) AS "column", data_type AS "type"
    FROM information_schema.columns
    WHERE
      CASE WHEN array_length(parse_ident('cpu'),1) = 2
        THEN quote_ident(table_schema) = (parse_ident('cpu'))[1]
          AND quote_ident(table_name) = (parse_ident('cpu'))[2]
        ELSE quote_ident(table_name) = 'cpu'
          AND 
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )
      END
