package dev.sundial.sql;

import dev.sundial.DataPoint;
import dev.sundial.QueryException;
import dev.sundial.QueryResult;
import dev.sundial.ResultColumn;
import dev.sundial.Session;
import dev.sundial.SqlType;
import dev.sundial.Sundial;
import dev.sundial.Table;
import dev.sundial.maintenance.MaintenanceReport;
import dev.sundial.maintenance.MaintenanceRun;
import dev.sundial.maintenance.PendingWork;
import dev.sundial.sql.analyze.Composition;
import dev.sundial.sql.analyze.Errors;
import dev.sundial.sql.analyze.ExprAnalyzer;
import dev.sundial.sql.analyze.Scope;
import dev.sundial.sql.analyze.SelectAnalyzer;
import dev.sundial.sql.analyze.SelectPlan;
import dev.sundial.sql.exec.Batch;
import dev.sundial.sql.exec.ConstEval;
import dev.sundial.sql.exec.Eval;
import dev.sundial.sql.exec.Operator;
import dev.sundial.sql.exec.OperatorResult;
import dev.sundial.sql.exec.QueryContext;
import dev.sundial.sql.exec.StatusResult;
import dev.sundial.sql.exec.ValuesOperator;
import dev.sundial.sql.exec.Vec;
import dev.sundial.sql.function.SqlValues;
import dev.sundial.sql.parser.Expr;
import dev.sundial.sql.parser.QueryExpr;
import dev.sundial.sql.parser.Statement;
import dev.sundial.sql.plan.ExplainPrinter;
import dev.sundial.sql.plan.QueryPlanner;
import dev.sundial.sql.plan.SubqueryExecution;
import dev.sundial.sql.plan.ScanPredicates;
import dev.sundial.table.ColumnType;
import dev.sundial.table.TableOptions;
import dev.sundial.table.TableSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one parsed statement against a database with bound parameters: SELECT and EXPLAIN through
 * the analyzer, planner and executor; DDL and DML through the embedded API. Analysis happens per
 * execution, with parameters as constants, so a parameterized time range prunes like a literal one.
 * One instance per execution; not thread-safe.
 */
final class StatementExecutor {
    private final Session session;
    private final Sundial db;
    private final String sql;
    private final Object[] params;
    private final ExprAnalyzer exprs;

    StatementExecutor(Session session, String sql, Object[] params) {
        this.session = session;
        this.db = session.database();
        this.sql = sql;
        this.params = params;
        long now = SqlValues.toNanos(java.time.Instant.now());
        this.exprs = new ExprAnalyzer(sql, params, now, session.hasTimeZone() ? session.timeZone() : null);
    }

    QueryResult run(Statement s) {
        try {
            return switch (s) {
                case Statement.Select sel -> select(sel.query());
                case Statement.Compound c -> select(c.query());
                case Statement.Explain ex -> explain(ex);
                case Statement.CreateTable ct -> createTable(ct);
                case Statement.AlterTableSet a -> alterSet(a);
                case Statement.AlterTableAddColumn a -> addColumn(a);
                case Statement.DropTable d -> dropTable(d);
                case Statement.ShowTables st -> showTables();
                case Statement.Describe d -> describe(d);
                case Statement.Insert i -> insert(i);
                case Statement.Delete d -> delete(d);
                case Statement.Call c -> call(c);
                case Statement.ShowMaintenance sm -> showMaintenance();
                case Statement.SetSetting st -> setSetting(st);
                case Statement.ShowSetting sh -> showSetting(sh);
            };
        } catch (IOException e) {
            throw new QueryException("cannot run statement: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw Errors.at(sql, s.pos(), e.getMessage());
        }
    }

    private QueryContext context(boolean analyze) {
        return new QueryContext(db.options().queryTimeoutMillis(), db.options().queryMemoryBytes(), analyze, session.rollupsEnabled(), session);
    }

    private QueryResult select(QueryExpr query) {
        QueryContext ctx = context(false);
        SelectPlan plan = analyze(query, ctx);
        Operator root = new QueryPlanner(ctx, true).plan(plan);
        return new OperatorResult(root, plan.resultColumns(), ctx);
    }

    /** Analyzes a query with WITH and subqueries enabled; subqueries run in {@code ctx} (uncorrelated ones here, once). */
    private SelectPlan analyze(QueryExpr query, QueryContext ctx) {
        Composition composition = new Composition(db, new SubqueryExecution(ctx));
        exprs.compose(composition);
        SelectPlan plan = new SelectAnalyzer(db, exprs).analyze(query);
        composition.analysisDone();
        return plan;
    }

    private QueryResult explain(Statement.Explain ex) {
        QueryExpr query = switch (ex.statement()) {
            case Statement.Select sel -> sel.query();
            case Statement.Compound c -> c.query();
            default -> throw Errors.at(sql, ex.pos(), "EXPLAIN supports SELECT statements");
        };
        QueryContext ctx = context(ex.analyze());
        SelectPlan plan = analyze(query, ctx);
        Operator root = new QueryPlanner(ctx, true).plan(plan);
        List<String> lines;
        try {
            long t0 = System.nanoTime();
            long rows = 0;
            if (ex.analyze()) {
                Batch b;
                while ((b = root.next()) != null) {
                    rows += b.size;
                }
            }
            lines = new ArrayList<>(ExplainPrinter.render(root, ex.analyze()));
            if (ex.analyze()) {
                lines.add(String.format("Execution: %d rows in %.3f ms, peak memory reserved %d bytes", rows,
                        (System.nanoTime() - t0) / 1e6, ctx.memory().peak()));
            }
        } catch (RuntimeException e) {
            throw OperatorResult.translate(e);
        } finally {
            root.close();
        }
        String[] text = lines.toArray(new String[0]);
        return rows(List.of(new ResultColumn("QUERY PLAN", SqlType.VARCHAR)), List.of(Vec.ofStrings(text, null)), text.length);
    }

    private QueryResult rows(List<ResultColumn> cols, List<Vec> vecs, int n) {
        QueryContext ctx = context(false);
        Operator op = new ValuesOperator(ctx, cols, List.of(new Batch(n, vecs.toArray(new Vec[0]))));
        return new OperatorResult(op, cols);
    }

    private QueryResult createTable(Statement.CreateTable ct) throws IOException {
        if (db.table(ct.name()) != null) {
            if (ct.ifNotExists()) {
                return new StatusResult("CREATE TABLE", 0);
            }
            throw Errors.at(sql, ct.namePos(), "table \"" + ct.name() + "\" already exists");
        }
        TableSchema.Builder b = TableSchema.builder(ct.name());
        String ts = null;
        Set<String> names = new HashSet<>();
        for (Statement.ColumnSpec c : ct.columns()) {
            if (!names.add(c.name())) {
                throw Errors.at(sql, c.pos(), "column \"" + c.name() + "\" specified more than once");
            }
            String type = c.type().toUpperCase(java.util.Locale.ROOT);
            if (type.startsWith("TIMESTAMP") || type.equals("DATE")) {
                if (ts != null) {
                    throw Errors.at(sql, c.pos(), "a time-series table has exactly one TIMESTAMP column; \"" + ts + "\" is already one");
                }
                if (c.tag()) {
                    throw Errors.at(sql, c.pos(), "the TIMESTAMP column cannot be a TAG");
                }
                ts = c.name();
                b.timestamp(c.name());
            } else if (c.tag()) {
                if (!type.equals("VARCHAR") && !type.equals("TEXT") && !type.equals("STRING") && !type.equals("SYMBOL")) {
                    throw Errors.at(sql, c.pos(), "tag column \"" + c.name() + "\" must be VARCHAR, not " + c.type());
                }
                b.tag(c.name());
            } else {
                b.value(c.name(), columnType(c));
            }
        }
        if (ts == null) {
            throw Errors.at(sql, ct.pos(), "a time-series table needs one TIMESTAMP column, e.g. (ts TIMESTAMP, value DOUBLE, host VARCHAR TAG)");
        }
        TableOptions options = applyOptions(TableOptions.DEFAULTS, ct.options(), ct.optionPositions(), ct.pos());
        if (ct.ifNotExists()) {
            db.createTableIfNotExists(b.build(), options);
        } else {
            db.createTable(b.build(), options);
        }
        return new StatusResult("CREATE TABLE", 0);
    }

    /**
     * Options applied to {@code base}; each is first checked on its own (retention ones after the
     * others, with the statement's rollup_intervals) so that an error points at the option at fault.
     */
    private TableOptions applyOptions(TableOptions base, Map<String, String> options, Map<String, dev.sundial.sql.parser.Pos> positions,
                                      dev.sundial.sql.parser.Pos fallback) {
        List<Map.Entry<String, String>> ordered = new ArrayList<>(options.entrySet());
        ordered.sort(java.util.Comparator.comparing(e -> e.getKey().startsWith("retention_")));
        for (Map.Entry<String, String> e : ordered) {
            Map<String, String> one = new java.util.LinkedHashMap<>();
            if (e.getKey().startsWith("retention_") && options.containsKey("rollup_intervals")) {
                one.put("rollup_intervals", options.get("rollup_intervals"));
            }
            one.put(e.getKey(), e.getValue());
            try {
                base.with(one);
            } catch (IllegalArgumentException ex) {
                throw Errors.at(sql, positions.getOrDefault(e.getKey(), fallback), ex.getMessage());
            }
        }
        try {
            return base.with(options);
        } catch (IllegalArgumentException ex) {
            throw Errors.at(sql, fallback, ex.getMessage());
        }
    }

    private ColumnType columnType(Statement.ColumnSpec c) {
        try {
            return ColumnType.parse(c.type());
        } catch (IllegalArgumentException e) {
            throw Errors.at(sql, c.pos(), "cannot use type " + c.type() + " for column \"" + c.name()
                    + "\": use TIMESTAMP, DOUBLE, BIGINT, BOOLEAN, VARCHAR or VARCHAR TAG");
        }
    }

    private QueryResult alterSet(Statement.AlterTableSet a) throws IOException {
        Table t = SelectAnalyzer.table(db, a.table(), sql, a.tablePos());
        applyOptions(t.options(), a.options(), a.optionPositions(), a.pos());
        t.setOptions(a.options());
        return new StatusResult("ALTER TABLE", 0);
    }

    private QueryResult addColumn(Statement.AlterTableAddColumn a) throws IOException {
        Table t = SelectAnalyzer.table(db, a.table(), sql, a.tablePos());
        Statement.ColumnSpec c = a.column();
        boolean exists = t.schema().valueIndex(c.name()) >= 0 || t.schema().tagIndex(c.name()) >= 0
                || c.name().equals(t.schema().timestampColumn());
        if (exists && !a.ifNotExists()) {
            throw Errors.at(sql, c.pos(), "column \"" + c.name() + "\" of table \"" + t.name() + "\" already exists");
        }
        if (!exists) {
            if (c.tag()) {
                t.addTag(c.name());
            } else if (c.type().toUpperCase(java.util.Locale.ROOT).startsWith("TIMESTAMP")) {
                throw Errors.at(sql, c.pos(), "a time-series table has exactly one TIMESTAMP column");
            } else {
                t.addColumn(c.name(), columnType(c));
            }
        }
        return new StatusResult("ALTER TABLE", 0);
    }

    private QueryResult dropTable(Statement.DropTable d) throws IOException {
        if (db.table(d.table()) == null) {
            if (d.ifExists()) {
                return new StatusResult("DROP TABLE", 0);
            }
            SelectAnalyzer.table(db, d.table(), sql, d.tablePos());
        }
        db.dropTable(d.table());
        return new StatusResult("DROP TABLE", 0);
    }

    private QueryResult showTables() {
        List<String> names = new ArrayList<>(db.tables().stream().map(Table::name).sorted().toList());
        String[] a = names.toArray(new String[0]);
        return rows(List.of(new ResultColumn("table_name", SqlType.VARCHAR)), List.of(Vec.ofStrings(a, null)), a.length);
    }

    private QueryResult describe(Statement.Describe d) {
        Table t = SelectAnalyzer.table(db, d.table(), sql, d.tablePos());
        List<String> name = new ArrayList<>();
        List<String> type = new ArrayList<>();
        List<String> kind = new ArrayList<>();
        for (Scope.Column c : SelectAnalyzer.tableScope(t, t.name()).columns()) {
            name.add(c.name());
            type.add(c.type().sqlName());
            kind.add(switch (c.kind()) {
                case TIMESTAMP -> "timestamp";
                case TAG -> "tag";
                default -> "value";
            });
        }
        for (Map.Entry<String, String> e : t.options().asText().entrySet()) {
            name.add(e.getKey());
            type.add(e.getValue());
            kind.add("option");
        }
        if (t.options().coldAfter() == null) {
            name.add("cold_after");
            type.add("none");
            kind.add("option");
        }
        // bytes per storage tier (segment bytes; the head's rows count as hot); rollup levels follow as kind "level"
        dev.sundial.tier.TierStats tiers = t.tierStats();
        for (dev.sundial.tier.Tier tier : dev.sundial.tier.Tier.values()) {
            dev.sundial.tier.TierStats.Figures f = tiers.get(tier);
            name.add(tier.label());
            type.add(f.bytes() + " bytes, " + f.rows() + " rows, " + f.partitions() + " partitions");
            kind.add("tier");
        }
        for (dev.sundial.rollup.RollupLevelStats l : t.levelStats()) {
            name.add(l.level());
            type.add(l.bytes() + " bytes, " + l.cells() + " cells, " + l.partitions() + " partitions, "
                    + (l.builtThrough() == Long.MIN_VALUE ? "not built yet" : "built through "
                    + dev.sundial.sql.function.SqlValues.formatTimestamp(l.builtThrough())));
            kind.add("level");
        }
        int n = name.size();
        return rows(List.of(new ResultColumn("column_name", SqlType.VARCHAR), new ResultColumn("data_type", SqlType.VARCHAR),
                        new ResultColumn("kind", SqlType.VARCHAR)),
                List.of(Vec.ofStrings(name.toArray(new String[0]), null), Vec.ofStrings(type.toArray(new String[0]), null),
                        Vec.ofStrings(kind.toArray(new String[0]), null)), n);
    }

    private QueryResult insert(Statement.Insert ins) throws IOException {
        Table t = SelectAnalyzer.table(db, ins.table(), sql, ins.tablePos());
        Scope scope = SelectAnalyzer.tableScope(t, t.name());
        List<Scope.Column> targets = new ArrayList<>();
        if (ins.columns().isEmpty()) {
            targets.addAll(scope.columns());
        } else {
            for (int k = 0; k < ins.columns().size(); k++) {
                String c = ins.columns().get(k);
                dev.sundial.sql.parser.Pos at = k < ins.columnPositions().size() ? ins.columnPositions().get(k) : ins.pos();
                Scope.Column col = scope.resolve(new Expr.ColumnRef(null, c, at), sql);
                if (targets.contains(col)) {
                    throw Errors.at(sql, at, "column \"" + c + "\" specified more than once");
                }
                targets.add(col);
            }
        }
        List<DataPoint> points = new ArrayList<>();
        for (List<Expr> row : ins.rows()) {
            if (row.size() != targets.size()) {
                throw Errors.at(sql, row.isEmpty() ? ins.pos() : row.get(0).pos(), "INSERT has " + targets.size() + " target column(s) ("
                        + String.join(", ", targets.stream().map(Scope.Column::name).toList()) + ") but " + row.size() + " value(s) in a row");
            }
            Long ts = null;
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            Map<String, String> tags = new java.util.LinkedHashMap<>();
            for (int k = 0; k < row.size(); k++) {
                Scope.Column col = targets.get(k);
                Expr e = row.get(k);
                Eval v = exprs.analyze(e, Scope.empty());
                if (!(v instanceof ConstEval)) {
                    throw Errors.at(sql, e.pos(), "INSERT values must be constants");
                }
                ConstEval c;
                try {
                    c = (ConstEval) exprsCoerce(v, col.type(), e);
                } catch (QueryException q) {
                    if (!ins.columns().isEmpty()) {
                        throw q;
                    }
                    throw new QueryException(q.getMessage() + "; without a column list, values go to the columns in DESCRIBE order ("
                            + String.join(", ", targets.stream().map(Scope.Column::name).toList()) + ")", sql, q.position(), q.line(),
                            q.column(), q);
                }
                if (c.value == null) {
                    if (col.kind() == Scope.Kind.TIMESTAMP) {
                        throw Errors.at(sql, e.pos(), "the timestamp column \"" + col.name() + "\" cannot be NULL");
                    }
                    continue;
                }
                switch (col.kind()) {
                    case TIMESTAMP -> ts = (Long) c.value;
                    case TAG -> tags.put(col.name(), (String) c.value);
                    default -> fields.put(col.name(), c.value);
                }
            }
            DataPoint.Builder p = DataPoint.at(ts == null ? exprs.now() : ts);
            tags.forEach(p::tag);
            fields.forEach(p::field);
            points.add(p.build());
        }
        return new StatusResult(InsertStatus.of(t.insert(points)), points.size());
    }

    private Eval exprsCoerce(Eval v, SqlType type, Expr e) {
        try {
            return exprs.fold(v.type == type ? v : coerceConstant(v, type, e));
        } catch (QueryException q) {
            throw Errors.at(sql, e.pos(), q);
        }
    }

    private Eval coerceConstant(Eval v, SqlType type, Expr e) {
        if (type == SqlType.DOUBLE && v.type == SqlType.BIGINT || v.type == SqlType.VARCHAR || type == SqlType.TIMESTAMP && v.type == SqlType.BIGINT
                || ((ConstEval) v).value == null) {
            return exprs.fold(new dev.sundial.sql.exec.CastEval(v, type, exprs.zone()));
        }
        throw Errors.at(sql, e.pos(), "cannot insert " + v.type.sqlName() + " value " + v.describe() + " into a " + type.sqlName() + " column");
    }

    private QueryResult delete(Statement.Delete d) throws IOException {
        Table t = SelectAnalyzer.table(db, d.table(), sql, d.tablePos());
        Scope scope = SelectAnalyzer.tableScope(t, t.name());
        List<Eval> conjuncts = new ArrayList<>();
        if (d.where() != null) {
            Eval w = exprs.analyze(d.where(), scope, null, "in WHERE");
            if (w.type != SqlType.BOOLEAN && !(w instanceof ConstEval c && c.value == null)) {
                throw Errors.at(sql, d.where().pos(), "WHERE must be a BOOLEAN condition, but " + w.describe() + " is " + w.type.sqlName());
            }
            SelectAnalyzer.splitConjuncts(w, conjuncts);
        }
        ScanPredicates sp = ScanPredicates.split(conjuncts, t.schema().tagCount(), t.schema().tags());
        if (!sp.rowPredicates.isEmpty()) {
            throw Errors.at(sql, d.where().pos(), "DELETE supports a time range and tag predicates (=, IN, LIKE, ~) joined by AND; "
                    + "cannot delete by " + sp.rowPredicates.get(0).describe());
        }
        int indexable = sp.tagFilter.predicates().size();
        if (indexable != sp.seriesPredicates.size()) {
            throw Errors.at(sql, d.where().pos(), "DELETE supports tag predicates =, IN, LIKE and ~ joined by AND");
        }
        if (sp.empty) {
            return new StatusResult("DELETE 0", 0);
        }
        long n = t.delete(sp.from, sp.to, sp.tagFilter);
        return new StatusResult("DELETE " + n, n);
    }

    // ---- maintenance and session settings ----

    /** The procedures {@code CALL} knows. */
    private static final List<String> PROCEDURES = List.of("maintenance");

    /**
     * {@code CALL maintenance()}: runs everything pending to completion; one row per step. A failed
     * step fails the statement (after the other tasks ran; every step is in SHOW MAINTENANCE).
     */
    private QueryResult call(Statement.Call c) {
        if (!PROCEDURES.contains(c.procedure())) {
            throw Errors.at(sql, c.namePos(), "cannot call " + c.procedure() + "(): no such procedure; the procedures are "
                    + String.join(", ", PROCEDURES.stream().map(p -> p + "()").toList()));
        }
        MaintenanceReport report = db.maintenance().runAllPending();
        List<MaintenanceRun> failed = report.steps().stream().filter(s -> !s.ok()).toList();
        if (!failed.isEmpty()) {
            MaintenanceRun f = failed.getFirst();
            throw new QueryException("cannot run maintenance: task " + f.task() + " failed: " + f.error() + " ("
                    + report.steps().size() + " step(s) run, " + failed.size() + " failed; SHOW MAINTENANCE lists them)");
        }
        int n = report.steps().size() + report.unsettled().size();
        String[] task = new String[n];
        String[] detail = new String[n];
        double[] ms = new double[n];
        int i = 0;
        for (MaintenanceRun r : report.steps()) {
            task[i] = r.task();
            detail[i] = r.detail();
            ms[i++] = millis(r.durationNanos());
        }
        for (String t : report.unsettled()) {
            task[i] = t;
            detail[i++] = "still pending after the step bound; run CALL maintenance() again";
        }
        return rows(List.of(new ResultColumn("task", SqlType.VARCHAR), new ResultColumn("detail", SqlType.VARCHAR),
                        new ResultColumn("duration_ms", SqlType.DOUBLE)),
                List.of(Vec.ofStrings(task, null), Vec.ofStrings(detail, null), Vec.ofDoubles(ms, null)), n);
    }

    /** {@code SHOW MAINTENANCE}: the history, oldest first, then what is pending (status pending, no time). */
    private QueryResult showMaintenance() {
        List<MaintenanceRun> history = db.maintenance().history();
        List<PendingWork> pending = db.maintenance().pending();
        int n = history.size() + pending.size();
        String[] task = new String[n];
        long[] started = new long[n];
        boolean[] startedNull = new boolean[n];
        double[] ms = new double[n];
        boolean[] msNull = new boolean[n];
        String[] status = new String[n];
        String[] detail = new String[n];
        int i = 0;
        for (MaintenanceRun r : history) {
            task[i] = r.task();
            started[i] = SqlValues.toNanos(r.started());
            ms[i] = millis(r.durationNanos());
            status[i] = r.status();
            detail[i++] = r.text();
        }
        for (PendingWork p : pending) {
            task[i] = p.task();
            startedNull[i] = true;
            msNull[i] = true;
            status[i] = "pending";
            detail[i++] = p.detail();
        }
        return rows(List.of(new ResultColumn("task", SqlType.VARCHAR), new ResultColumn("started_at", SqlType.TIMESTAMP),
                        new ResultColumn("duration_ms", SqlType.DOUBLE), new ResultColumn("status", SqlType.VARCHAR),
                        new ResultColumn("detail", SqlType.VARCHAR)),
                List.of(Vec.ofStrings(task, null), Vec.ofLongs(SqlType.TIMESTAMP, started, startedNull), Vec.ofDoubles(ms, msNull),
                        Vec.ofStrings(status, null), Vec.ofStrings(detail, null)), n);
    }

    /** Milliseconds to the microsecond: steps are often shorter than a millisecond. */
    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    private QueryResult setSetting(Statement.SetSetting st) {
        if (st.name().equals("all") && st.value().equalsIgnoreCase("default")) { // RESET all
            for (String name : Session.SETTINGS) {
                session.set(name, "default");
            }
            return new StatusResult("RESET", 0);
        }
        checkSetting(st.name(), st.namePos());
        try {
            if (st.name().equals("timezone")) {
                dev.sundial.sql.function.TimeZoneSetting.Value z = dev.sundial.sql.function.TimeZoneSetting.parse(st.value());
                session.setTimeZone(z.zone(), z.name());
                return new StatusResult("SET", 0);
            }
            session.set(st.name(), st.value());
        } catch (IllegalArgumentException | QueryException e) {
            throw Errors.at(sql, st.valuePos(), e.getMessage());
        }
        return new StatusResult("SET", 0);
    }

    private QueryResult showSetting(Statement.ShowSetting sh) {
        checkSetting(sh.name(), sh.namePos());
        String[] value = {session.show(sh.name())};
        return rows(List.of(new ResultColumn(sh.name(), SqlType.VARCHAR)), List.of(Vec.ofStrings(value, null)), 1);
    }

    private void checkSetting(String name, dev.sundial.sql.parser.Pos at) {
        if (!Session.SETTINGS.contains(name)) {
            throw Errors.at(sql, at, "unknown setting \"" + name + "\"; the settings are " + String.join(", ", Session.SETTINGS)
                    + (name.equals("maintenance") ? " (SHOW MAINTENANCE lists maintenance runs)" : ""));
        }
    }
}
