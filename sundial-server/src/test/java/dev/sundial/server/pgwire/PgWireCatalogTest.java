package dev.sundial.server.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundial.server.TestServer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog queries of real clients against a real server: every captured fixture under {@code
 * src/test/resources/pgwire/clients/<client>/} (psql 15's {@code \d} commands, pgjdbc 42.7.13's
 * DatabaseMetaData, Grafana's query editor) is sent through pgjdbc's extended protocol with its
 * {@code -- param:} values, and its answer is checked against the live tables: created ones appear,
 * dropped ones disappear. Plus pgjdbc's own DatabaseMetaData and ResultSetMetaData, session
 * functions, SHOW, and the refusal of a catalog query Sundial does not know.
 */
class PgWireCatalogTest {
    @TempDir
    Path dir;
    TestServer s;
    Connection c;

    @BeforeEach
    void start() throws Exception {
        s = TestServer.start(dir);
        s.db.sql("CREATE TABLE cpu (timestamp TIMESTAMP, host VARCHAR TAG, region VARCHAR TAG, usage_user DOUBLE, n BIGINT)").close();
        s.db.sql("CREATE TABLE mem (timestamp TIMESTAMP, host VARCHAR TAG, used DOUBLE, ok BOOLEAN)").close();
        Properties p = new Properties();
        p.setProperty("user", "x");
        c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + s.server.pgPort() + "/sundial", p);
    }

    @AfterEach
    void stop() throws Exception {
        if (c != null) {
            c.close();
        }
        s.close();
    }

    record Fixture(String name, String sql, List<String> params) {
    }

    static List<Fixture> fixtures() throws Exception {
        Path root = root();
        List<Fixture> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".sql")).sorted().toList()) {
                List<String> params = new ArrayList<>();
                StringBuilder sql = new StringBuilder();
                boolean header = true;
                for (String line : Files.readAllLines(f)) {
                    if (header && line.startsWith("--")) {
                        if (line.startsWith("-- param: ")) {
                            params.add(line.substring("-- param: ".length()));
                        }
                        continue;
                    }
                    header = false;
                    sql.append(line).append('\n');
                }
                out.add(new Fixture(root.relativize(f).toString().replace(".sql", ""), sql.toString(), params));
            }
        }
        return out;
    }

    private static Path root() throws URISyntaxException {
        return Path.of(PgWireCatalogTest.class.getResource("/pgwire/clients").toURI());
    }

    /** Runs a fixture through the extended protocol; its rows as text. */
    List<List<String>> run(Fixture f) throws SQLException {
        // pgjdbc numbers its ? placeholders $1, $2, … on the wire, so the server sees the captured text
        try (PreparedStatement ps = c.prepareStatement(f.sql.replaceAll("\\$\\d+", "?"))) {
            for (int i = 0; i < f.params.size(); i++) {
                String v = f.params.get(i);
                if (v.matches("\\d+")) {
                    ps.setInt(i + 1, Integer.parseInt(v));
                } else {
                    ps.setString(i + 1, v);
                }
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet r = ps.executeQuery()) {
                int n = r.getMetaData().getColumnCount();
                while (r.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(r.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    Map<String, List<List<String>>> runAll() throws Exception {
        Map<String, List<List<String>>> answers = new TreeMap<>();
        for (Fixture f : fixtures()) {
            try {
                answers.put(f.name, run(f));
            } catch (SQLException e) {
                throw new AssertionError("fixture " + f.name + " failed: " + e.getMessage(), e);
            }
        }
        return answers;
    }

    @Test
    void everyCapturedClientQueryIsAnsweredFromTheLiveCatalog() throws Exception {
        Map<String, List<List<String>>> a = runAll();
        assertThat(a).hasSizeGreaterThanOrEqualTo(36);
        assertThat(a.get("psql/list-tables")).containsExactly(List.of("public", "cpu", "table", "sundial"),
                List.of("public", "mem", "table", "sundial"));
        assertThat(a.get("psql/list-relations")).isEqualTo(a.get("psql/list-tables"));
        assertThat(a.get("psql/list-tables-pattern")).containsExactly(List.of("public", "cpu", "table", "sundial"));
        // \d cpu: the lookup gives the OID the later steps (captured with it) use
        assertThat(a.get("psql/describe-1")).hasSize(1);
        String oid = a.get("psql/describe-1").get(0).get(0);
        assertThat(fixtures().stream().filter(f -> f.name.equals("psql/describe-3")).findFirst().orElseThrow().sql).contains("'" + oid + "'");
        assertThat(a.get("psql/describe-2").get(0).get(1)).isEqualTo("r");
        assertThat(a.get("psql/describe-3")).extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(3)).containsExactly(
                "timestamp timestamp with time zone t", "host text f", "region text f", "usage_user double precision f", "n bigint f");
        for (int i = 4; i <= 8; i++) {
            assertThat(a.get("psql/describe-" + i)).as("describe-" + i + ": Sundial has no indexes, policies, inheritance").isEmpty();
        }
        assertThat(a.get("psql/list-tables-verbose")).containsExactly(
                java.util.Arrays.asList("public", "cpu", "table", "sundial", "permanent", "sundial", "0 bytes", null),
                java.util.Arrays.asList("public", "mem", "table", "sundial", "permanent", "sundial", "0 bytes", null));
        assertThat(a.get("psql/list-indexes")).isEmpty();
        assertThat(a.get("psql/describe-verbose-3")).extracting(r -> r.size() + " " + r.get(0) + " " + r.get(7)).containsExactly(
                "11 timestamp p", "11 host x", "11 region x", "11 usage_user p", "11 n p");
        for (int i = 4; i <= 8; i++) {
            assertThat(a.get("psql/describe-verbose-" + i)).isEmpty();
        }
        assertThat(a.get("psql/list-databases")).containsExactly(java.util.Arrays.asList("sundial", "sundial", "UTF8", "C", "C", null, "libc", null));
        assertThat(a.get("psql/list-schemas")).containsExactly(List.of("public", "sundial"));
        // \du: the owner of the tables (logs in only as the user of that name) and the connected user, x
        assertThat(a.get("psql/list-roles")).extracting(r -> r.get(0) + " super=" + r.get(1) + " login=" + r.get(5) + " " + r.get(8))
                .containsExactly("sundial super=f login=f {}", "x super=f login=t {}");
        assertThat(a.get("psql/list-roles-verbose")).hasSize(2);
        assertThat(a.get("psql/list-types")).isEmpty();
        assertThat(a.get("dbeaver/roles")).extracting(r -> r.get(0).equals(r.get(1)) + " " + r.get(2) + " " + r.get(r.size() - 1))
                .containsExactly("true sundial null", "true x null");

        assertThat(a.get("pgjdbc/get-tables")).extracting(r -> r.get(2) + " " + r.get(3)).containsExactly("cpu TABLE", "mem TABLE");
        assertThat(a.get("pgjdbc/get-schemas")).extracting(r -> r.get(0)).containsExactly("information_schema", "pg_catalog", "public");
        assertThat(a.get("pgjdbc/current-catalog")).containsExactly(List.of("sundial"));
        assertThat(a.get("pgjdbc/type-by-oid")).containsExactly(List.of("t", "pg_catalog", "interval"));
        assertThat(a.get("pgjdbc/type-list")).contains(List.of("interval", "1186"), List.of("int8", "20"), List.of("name", "19"));
        for (String none : List.of("get-primary-keys", "get-index-info", "get-best-row-identifier", "get-functions", "get-procedures",
                "get-function-columns", "get-table-privileges", "get-column-privileges", "get-udts")) {
            assertThat(a.get("pgjdbc/" + none)).as(none + ": no keys, indexes, functions, grants or user types").isEmpty();
        }
        assertThat(a.get("pgjdbc/type-by-name")).as("tid: no such type").isEmpty();
        assertThat(a.get("pgjdbc/name-length")).containsExactly(List.of("64"));

        assertThat(a.get("grafana/tables")).containsExactly(List.of("cpu"), List.of("mem"));
        assertThat(a.get("grafana/tables-of-schema")).containsExactly(List.of("cpu"), List.of("mem"));
        assertThat(a.get("grafana/columns")).containsExactly(List.of("timestamp", "timestamp with time zone"), List.of("host", "text"),
                List.of("region", "text"), List.of("usage_user", "double precision"), List.of("n", "bigint"));
        assertThat(a.get("grafana/version")).containsExactly(List.of("1600"));
        assertThat(a.get("grafana/timescaledb-version")).isEmpty();
        assertThat(a.get("grafana/schemas")).containsExactly(List.of("public"));
    }

    @Test
    void aCreatedTableAppearsAndADroppedOneDisappears() throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE disk (timestamp TIMESTAMP, path VARCHAR TAG, free BIGINT)");
            assertThat(runAll().get("psql/list-tables")).extracting(r -> r.get(1)).containsExactly("cpu", "disk", "mem");
            st.execute("DROP TABLE mem");
            Map<String, List<List<String>>> a = runAll();
            assertThat(a.get("psql/list-tables")).extracting(r -> r.get(1)).containsExactly("cpu", "disk");
            assertThat(a.get("pgjdbc/get-tables")).extracting(r -> r.get(2)).containsExactly("cpu", "disk");
            assertThat(a.get("grafana/tables")).containsExactly(List.of("cpu"), List.of("disk"));
        }
    }

    @Test
    void pgjdbcMetaDataGivesNamesTypesAndNullability() throws Exception {
        DatabaseMetaData md = c.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet r = md.getTables(null, null, "%", new String[] {"TABLE"})) {
            while (r.next()) {
                tables.add(r.getString("TABLE_SCHEM") + "." + r.getString("TABLE_NAME") + " " + r.getString("TABLE_TYPE"));
            }
        }
        assertThat(tables).containsExactly("public.cpu TABLE", "public.mem TABLE");
        List<String> cols = new ArrayList<>();
        try (ResultSet r = md.getColumns(null, null, "cpu", "%")) {
            while (r.next()) {
                cols.add(r.getString("COLUMN_NAME") + " " + r.getInt("DATA_TYPE") + " " + r.getString("TYPE_NAME") + " "
                        + r.getInt("NULLABLE") + " " + r.getInt("ORDINAL_POSITION"));
            }
        }
        assertThat(cols).containsExactly("timestamp " + Types.TIMESTAMP + " timestamptz " + DatabaseMetaData.columnNoNulls + " 1",
                "host " + Types.VARCHAR + " text " + DatabaseMetaData.columnNullable + " 2",
                "region " + Types.VARCHAR + " text " + DatabaseMetaData.columnNullable + " 3",
                "usage_user " + Types.DOUBLE + " float8 " + DatabaseMetaData.columnNullable + " 4",
                "n " + Types.BIGINT + " int8 " + DatabaseMetaData.columnNullable + " 5");
        try (ResultSet r = md.getSchemas()) {
            List<String> schemas = new ArrayList<>();
            while (r.next()) {
                schemas.add(r.getString("TABLE_SCHEM"));
            }
            assertThat(schemas).contains("public", "pg_catalog");
        }
        try (ResultSet r = md.getTypeInfo()) {
            List<String> types = new ArrayList<>();
            while (r.next()) {
                types.add(r.getString("TYPE_NAME"));
            }
            assertThat(types).contains("int8", "float8", "text", "timestamptz", "interval", "bool");
        }
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT INTERVAL '90 minutes' AS i, 1 AS n")) {
            assertThat(r.getMetaData().getColumnTypeName(1)).isEqualTo("interval");
            assertThat(r.getMetaData().getColumnTypeName(2)).isEqualTo("int8");
        }
    }

    @Test
    void sessionFunctionsAndShowOfPostgresSettings() throws Exception {
        try (Statement st = c.createStatement()) {
            assertThat(one(st, "SELECT version()")).startsWith("PostgreSQL 16.0");
            assertThat(one(st, "SELECT current_schema()")).isEqualTo("public");
            assertThat(one(st, "select current_database()")).isEqualTo("sundial");
            assertThat(one(st, "SELECT current_user")).isEqualTo("x");
            // pgjdbc sends its JVM's zone at startup, and the session keeps it, as PostgreSQL does
            assertThat(one(st, "SELECT current_setting('TimeZone')")).isEqualTo(java.util.TimeZone.getDefault().getID());
            assertThat(Integer.parseInt(one(st, "SELECT pg_backend_pid()"))).isPositive();
            assertThat(one(st, "SHOW server_version")).startsWith("16.0");
            assertThat(one(st, "SHOW TimeZone")).isEqualTo(java.util.TimeZone.getDefault().getID());
            assertThat(one(st, "SHOW transaction_isolation")).isEqualTo("read committed");
            assertThat(one(st, "SHOW standard_conforming_strings")).isEqualTo("on");
            assertThat(one(st, "SHOW rollups")).as("the engine's own setting").isNotEmpty();
            assertThat(one(st, "SELECT 1")).isEqualTo("1");
            try (ResultSet r = st.executeQuery("SELECT current_database() AS db, current_user AS u")) {
                assertThat(r.getMetaData().getColumnLabel(1)).isEqualTo("db");
                assertThat(r.getMetaData().getColumnTypeName(1)).isEqualTo("name");
            }
            assertThat(one(st, "SELECT typname FROM pg_catalog.pg_type WHERE oid = 1186")).isEqualTo("interval");
            try (ResultSet r = st.executeQuery("SELECT 1 AS version")) { // a name like a function's stays the engine's
                assertThat(r.getMetaData().getColumnTypeName(1)).isEqualTo("int8");
            }
        }
    }

    /** A client's SET shows in SHOW and current_setting; DEFAULT and RESET bring the default back. */
    @Test
    void setOfClientSettingsIsRememberedAndResetForgetsIt() throws Exception {
        try (Statement st = c.createStatement()) {
            assertThat(one(st, "SHOW search_path")).isEqualTo("\"$user\", public");
            st.execute("SET search_path TO public");
            assertThat(one(st, "SHOW search_path")).isEqualTo("public");
            assertThat(one(st, "SELECT current_setting('search_path')")).isEqualTo("public");
            st.execute("SET search_path = DEFAULT");
            assertThat(one(st, "SHOW search_path")).isEqualTo("\"$user\", public");
            c.setSchema("public"); // pgjdbc: SET SESSION search_path TO 'public', over the extended protocol
            assertThat(one(st, "SHOW search_path")).isEqualTo("public");
            st.execute("SET search_path TO DEFAULT");
            st.execute("SET extra_float_digits = 2");
            st.execute("SET LOCAL statement_timeout = 5"); // would end with the transaction: not kept
            assertThat(one(st, "SHOW statement_timeout")).isEqualTo("0");
            st.execute("SET search_path TO public");
            st.execute("RESET search_path");
            assertThat(one(st, "SHOW search_path")).isEqualTo("\"$user\", public");
            assertThat(one(st, "SHOW extra_float_digits")).isEqualTo("2");
            st.execute("RESET ALL");
            assertThat(one(st, "SHOW extra_float_digits")).isEqualTo("1");
            assertThat(one(st, "SHOW lc_messages")).isEqualTo("C");
            st.execute("SET TIME ZONE 'UTC'");
            assertThatThrownBy(() -> st.execute("SET TIME ZONE 'Mars/Olympus'")) // a zone that does not exist (PgWireTimeZoneTest: ones that do)
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"));
            assertThatThrownBy(() -> st.execute("SET IntervalStyle = 'iso_8601'")) // intervals always print as postgres
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"));
            assertThat(one(st, "SHOW TimeZone")).isEqualTo("UTC");
        }
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
        assertThatThrownBy(() -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE)) // no transactions to isolate
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"));
        try (Statement st = c.createStatement()) {
            assertThat(one(st, "SELECT 5")).isEqualTo("5");
        }
    }

    @Test
    void simpleCatalogQueriesWithParametersRepeatedPastTheBinaryThreshold() throws Exception {
        long oid;
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT oid FROM pg_catalog.pg_class WHERE relname = 'cpu'")) {
            assertThat(r.next()).isTrue();
            oid = r.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT attname, attnum, atttypid, attnotnull FROM pg_catalog.pg_attribute"
                + " WHERE attrelid = ? ORDER BY attnum")) {
            for (int run = 0; run < 7; run++) { // pgjdbc switches to binary results after 5 executions
                ps.setLong(1, oid);
                List<String> got = new ArrayList<>();
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        got.add(r.getString(1) + " " + r.getShort(2) + " " + r.getLong(3) + " " + r.getBoolean(4));
                    }
                }
                assertThat(got).as("run %d", run).containsExactly("timestamp 1 1184 true", "host 2 25 false", "region 3 25 false",
                        "usage_user 4 701 false", "n 5 20 false");
            }
        }
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(
                "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_name = 'mem' ORDER BY ordinal_position")) {
            List<String> got = new ArrayList<>();
            while (r.next()) {
                got.add(r.getString(2) + ":" + r.getString(3));
            }
            assertThat(got).containsExactly("timestamp:timestamp with time zone", "host:text", "used:double precision", "ok:boolean");
        }
    }

    @Test
    void binaryResultsUseEachCatalogTypesOwnFormat() throws Exception {
        long oid;
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT oid FROM pg_catalog.pg_class WHERE relname = 'cpu'")) {
            assertThat(r.next()).isTrue();
            oid = r.getLong(1);
        }
        try (RawPgClient raw = new RawPgClient(s.server.pgPort())) {
            raw.startup();
            byte[] param = Long.toString(oid).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            raw.send('P', RawPgClient.body("", "SELECT attnum, atttypid, attname, attnotnull FROM pg_catalog.pg_attribute"
                    + " WHERE attrelid = $1 ORDER BY attnum", (short) 0));
            java.io.ByteArrayOutputStream bind = new java.io.ByteArrayOutputStream();
            bind.write(RawPgClient.body("", "", (short) 0, (short) 1, param.length));
            bind.write(param);
            bind.write(RawPgClient.body((short) 1, (short) 1)); // every result column in binary
            raw.send('B', bind.toByteArray());
            raw.send('D', RawPgClient.body('P', ""));
            raw.send('E', RawPgClient.body("", 0));
            raw.send('S', new byte[0]);
            List<RawPgClient.Msg> msgs = raw.untilReady();
            assertThat(RawPgClient.types(msgs)).isEqualTo("12TDDDDDCZ");
            java.nio.ByteBuffer t = java.nio.ByteBuffer.wrap(msgs.get(2).body());
            List<String> described = new ArrayList<>();
            int n = t.getShort();
            for (int i = 0; i < n; i++) {
                StringBuilder name = new StringBuilder();
                for (byte b = t.get(); b != 0; b = t.get()) {
                    name.append((char) b);
                }
                t.getInt();
                t.getShort();
                int type = t.getInt();
                int len = t.getShort();
                t.getInt();
                described.add(name + ":" + type + ":" + len + ":" + t.getShort());
            }
            assertThat(described).containsExactly("attnum:21:2:1", "atttypid:26:4:1", "attname:19:64:1", "attnotnull:16:1:1");
            java.nio.ByteBuffer row = java.nio.ByteBuffer.wrap(msgs.get(3).body());
            assertThat(row.getShort()).isEqualTo((short) 4);
            assertThat(row.getInt()).isEqualTo(2);
            assertThat(row.getShort()).as("attnum, int2").isEqualTo((short) 1);
            assertThat(row.getInt()).isEqualTo(4);
            assertThat(row.getInt()).as("atttypid, oid").isEqualTo(1184);
            assertThat(row.getInt()).isEqualTo("timestamp".length());
            row.position(row.position() + "timestamp".length());
            assertThat(row.getInt()).isEqualTo(1);
            assertThat(row.get()).as("attnotnull, bool").isEqualTo((byte) 1);
        }
    }

    /**
     * What a GUI tool (DBeaver, DataGrip, Metabase) asks pgjdbc on connect and when it opens a
     * table: Sundial has no keys, indexes, user functions, procedures, user-defined types or
     * per-table grants, so each call answers no rows, in the columns JDBC specifies for it, and the
     * connection stays usable after every one.
     */
    @Test
    void metaDataCallsOfGuiToolsAnswerNoRowsInTheirJdbcColumns() throws Exception {
        DatabaseMetaData md = c.getMetaData();
        String keywords = md.getSQLKeywords(); // pg_get_keywords(): Sundial's words beyond SQL:2003
        assertThat(List.of(keywords.split(","))).contains("tag", "show").doesNotContain("select", "from", "SELECT");
        assertThat(rows(md.getImportedKeys(null, "public", "cpu"))).as("no foreign keys (needs max_index_keys)").isZero();
        assertThat(rows(md.getExportedKeys(null, "public", "cpu"))).isZero();
        Map<String, DatabaseMetaDataCall> calls = new java.util.LinkedHashMap<>();
        calls.put("TABLE_CAT TABLE_SCHEM TABLE_NAME COLUMN_NAME KEY_SEQ PK_NAME", () -> md.getPrimaryKeys(null, "public", "cpu"));
        calls.put("TABLE_CAT TABLE_SCHEM TABLE_NAME NON_UNIQUE INDEX_QUALIFIER INDEX_NAME TYPE ORDINAL_POSITION COLUMN_NAME"
                + " ASC_OR_DESC CARDINALITY PAGES FILTER_CONDITION", () -> md.getIndexInfo(null, "public", "cpu", false, true));
        calls.put("SCOPE COLUMN_NAME DATA_TYPE TYPE_NAME COLUMN_SIZE BUFFER_LENGTH DECIMAL_DIGITS PSEUDO_COLUMN",
                () -> md.getBestRowIdentifier(null, "public", "cpu", DatabaseMetaData.bestRowSession, true));
        calls.put("TABLE_CAT TABLE_SCHEM TABLE_NAME GRANTOR GRANTEE PRIVILEGE IS_GRANTABLE",
                () -> md.getTablePrivileges(null, "public", "cpu"));
        calls.put("TABLE_CAT TABLE_SCHEM TABLE_NAME COLUMN_NAME GRANTOR GRANTEE PRIVILEGE IS_GRANTABLE",
                () -> md.getColumnPrivileges(null, "public", "cpu", "%"));
        calls.put("FUNCTION_CAT FUNCTION_SCHEM FUNCTION_NAME REMARKS FUNCTION_TYPE SPECIFIC_NAME", () -> md.getFunctions(null, null, "%"));
        calls.put("FUNCTION_CAT FUNCTION_SCHEM FUNCTION_NAME COLUMN_NAME COLUMN_TYPE DATA_TYPE TYPE_NAME PRECISION LENGTH SCALE RADIX",
                () -> md.getFunctionColumns(null, null, "%", "%"));
        calls.put("PROCEDURE_CAT PROCEDURE_SCHEM PROCEDURE_NAME", () -> md.getProcedures(null, null, "%"));
        calls.put("PROCEDURE_CAT PROCEDURE_SCHEM PROCEDURE_NAME COLUMN_NAME COLUMN_TYPE DATA_TYPE TYPE_NAME PRECISION LENGTH SCALE",
                () -> md.getProcedureColumns(null, null, "%", "%"));
        calls.put("TYPE_CAT TYPE_SCHEM TYPE_NAME CLASS_NAME DATA_TYPE REMARKS BASE_TYPE", () -> md.getUDTs(null, null, "%", null));
        for (Map.Entry<String, DatabaseMetaDataCall> call : calls.entrySet()) {
            try (ResultSet r = call.getValue().get()) {
                List<String> expected = List.of(call.getKey().split(" "));
                java.sql.ResultSetMetaData m = r.getMetaData();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= Math.min(m.getColumnCount(), expected.size()); i++) {
                    names.add(m.getColumnLabel(i));
                }
                assertThat(names).as(call.getKey()).isEqualTo(expected);
                assertThat(r.next()).as(call.getKey()).isFalse();
            }
            try (Statement st = c.createStatement()) {
                assertThat(one(st, "SELECT 3")).isEqualTo("3");
            }
        }
        try (ResultSet r = md.getProcedures(null, null, "%")) {
            assertThat(r.getMetaData().getColumnLabel(7)).isEqualTo("REMARKS");
            assertThat(r.getMetaData().getColumnLabel(8)).isEqualTo("PROCEDURE_TYPE");
            assertThat(r.getMetaData().getColumnLabel(9)).isEqualTo("SPECIFIC_NAME");
        }
        // the driver's own answer: the row-version pseudo column ctid, whose type it looks up by name
        try (ResultSet r = md.getVersionColumns(null, "public", "cpu")) {
            assertThat(r.getMetaData().getColumnLabel(2)).isEqualTo("COLUMN_NAME");
        }
        try (ResultSet r = md.getClientInfoProperties()) { // asks typlen of name
            assertThat(r.next()).isTrue();
            assertThat(r.getInt("MAX_LEN")).isEqualTo(63);
        }
        try (Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM pg_catalog.pg_get_viewdef(1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("0A000");
                        assertThat(e.getMessage()).contains("pg_catalog.pg_get_viewdef()");
                    });
            assertThat(one(st, "SELECT 4")).isEqualTo("4");
        }
    }

    /**
     * DBeaver's connect-time catalog queries (fixtures under dbeaver/, from its source): the
     * database row with its OID first and then every column of pg_database, the schemas with a
     * NULL comment (pg_description, LEFT JOINed, has no rows), search_path's default.
     */
    @Test
    void dbeaverConnectQueriesAnswerFromTheLiveCatalog() throws Exception {
        Map<String, List<List<String>>> a = runAll();
        assertThat(a.get("dbeaver/database")).hasSize(1);
        assertThat(a.get("dbeaver/database").get(0).subList(1, 3)).containsExactly(a.get("dbeaver/database").get(0).get(0), "sundial");
        assertThat(a.get("dbeaver/databases")).isEqualTo(a.get("dbeaver/database"));
        assertThat(a.get("dbeaver/schemas")).extracting(r -> r.get(2) + " " + r.get(r.size() - 1)).containsExactly(
                "information_schema null", "pg_catalog null", "public null");
        // the tables of public (OID 2200): OID, then pg_class's row (oid, relname, …), then NULL comment and partitioning
        assertThat(a.get("dbeaver/tables")).extracting(r -> r.get(0).equals(r.get(1)) + " " + r.get(2) + " " + r.get(r.size() - 3)
                + " " + r.get(r.size() - 1)).containsExactly("true cpu null null", "true mem null null");
        // the columns of cpu (its OID in the fixture, as psql's): relname, then pg_attribute's row (attrelid, attname, …)
        assertThat(a.get("dbeaver/columns")).extracting(r -> r.get(0) + "." + r.get(2) + " " + r.get(r.size() - 1)).containsExactly(
                "cpu.timestamp null", "cpu.host null", "cpu.region null", "cpu.usage_user null", "cpu.n null");
        // pg_catalog's types (OID 11): every type of pg_type, by OID, with NULL relkind, base type and comment
        assertThat(a.get("dbeaver/types")).extracting(r -> r.get(0) + " " + r.get(2)).contains("16 bool", "20 int8", "1184 timestamptz",
                "1186 interval").hasSize(21);
        assertThat(a.get("dbeaver/types").get(0).subList(a.get("dbeaver/types").get(0).size() - 3, a.get("dbeaver/types").get(0).size()))
                .containsOnlyNulls();
        assertThat(a.get("dbeaver/columns-of-schema")).extracting(r -> r.get(0) + "." + r.get(2)).containsExactly("cpu.timestamp",
                "cpu.host", "cpu.region", "cpu.usage_user", "cpu.n", "mem.timestamp", "mem.host", "mem.used", "mem.ok");
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid,c.*,d.description FROM pg_catalog.pg_class c LEFT OUTER JOIN"
                + " pg_catalog.pg_description d ON d.objoid=c.oid WHERE c.relnamespace=? AND c.relkind not in ('i','c') AND relname=?")) {
            ps.setLong(1, 2200);
            ps.setString(2, "mem");
            try (ResultSet r = ps.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString("relname")).isEqualTo("mem");
                assertThat(r.getString("relkind")).isEqualTo("r");
                assertThat(r.getString("description")).isNull();
                assertThat(r.next()).isFalse();
            }
            ps.setLong(1, 11); // pg_catalog: no tables of Sundial's
            try (ResultSet r = ps.executeQuery()) {
                assertThat(r.next()).isFalse();
            }
        }
        try (Statement st = c.createStatement()) { // an item or condition DBeaver's query does not have: refused, not guessed
            assertThatThrownBy(() -> st.executeQuery("SELECT c.oid,c.*,d.description FROM pg_catalog.pg_class c LEFT OUTER JOIN"
                    + " pg_catalog.pg_description d ON d.objoid=c.oid WHERE c.relhasindex"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
            assertThatThrownBy(() -> st.executeQuery("SELECT c.oid,c.*,c.relname || 'x' AS y FROM pg_catalog.pg_class c LEFT OUTER JOIN"
                    + " pg_catalog.pg_description d ON d.objoid=c.oid WHERE c.relnamespace=2200"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname=?")) {
            ps.setString(1, "sundial");
            try (ResultSet r = ps.executeQuery()) {
                java.sql.ResultSetMetaData m = r.getMetaData();
                assertThat(m.getColumnLabel(1)).isEqualTo("oid");
                assertThat(m.getColumnLabel(2)).isEqualTo("oid");
                assertThat(m.getColumnLabel(3)).isEqualTo("datname");
                assertThat(r.next()).isTrue();
                assertThat(r.getString("datname")).isEqualTo("sundial");
                assertThat(r.getInt("datconnlimit")).isEqualTo(-1);
                assertThat(r.getBoolean("datallowconn")).isTrue();
            }
            ps.setString(1, "other");
            try (ResultSet r = ps.executeQuery()) {
                assertThat(r.next()).isFalse();
            }
        }
        try (Statement st = c.createStatement()) {
            try (ResultSet r = st.executeQuery("SELECT current_schema(),session_user")) { // DBeaver's on every connection
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1) + " " + r.getString(2)).isEqualTo("public x");
            }
            try (ResultSet r = st.executeQuery("SELECT db.datname FROM pg_catalog.pg_database db WHERE datistemplate")) {
                assertThat(r.next()).as("no template database").isFalse();
            }
            st.execute("SET search_path TO public");
            assertThat(one(st, "SELECT reset_val FROM pg_settings WHERE name = 'search_path'")).isEqualTo("\"$user\", public");
            try (ResultSet r = st.executeQuery("SELECT n.nspname, d.description AS remarks FROM pg_catalog.pg_namespace n"
                    + " LEFT JOIN pg_catalog.pg_description d ON d.objoid = n.oid WHERE n.nspname = 'public'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getMetaData().getColumnLabel(2)).isEqualTo("remarks");
                assertThat(r.getString(2)).isNull();
            }
            assertThatThrownBy(() -> st.executeQuery("SELECT n.nspname, c.relname FROM pg_catalog.pg_namespace n"
                    + " LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid")) // pg_class is not always empty: not guessed
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
        }
    }

    interface DatabaseMetaDataCall {
        ResultSet get() throws SQLException;
    }

    private static int rows(ResultSet r) throws SQLException {
        try (r) {
            int n = 0;
            while (r.next()) {
                n++;
            }
            return n;
        }
    }

    @Test
    void anUnknownCatalogQueryIsRefusedWithFeatureNotSupported() throws Exception {
        try (Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeQuery("SELECT c.relname, i.indexrelid FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_am a ON a.oid = c.relam")).isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("0A000");
                        assertThat(e.getMessage()).contains("pg_catalog.pg_class");
                    });
            assertThatThrownBy(() -> st.executeQuery("SELECT nosuch FROM pg_catalog.pg_type"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
            assertThat(one(st, "SELECT 2")).isEqualTo("2"); // the connection stays usable
        }
    }

    private static String one(Statement st, String sql) throws SQLException {
        try (ResultSet r = st.executeQuery(sql)) {
            assertThat(r.next()).as(sql).isTrue();
            return r.getString(1);
        }
    }
}
