package dev.sundial.sql.parser;

import dev.sundial.QueryException;
import dev.sundial.sql.parser.SelectQuery.FromItem;
import dev.sundial.sql.parser.SelectQuery.OrderItem;
import dev.sundial.sql.parser.SelectQuery.SelectItem;
import dev.sundial.sql.parser.SundialSqlParser.*;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns a parse tree of {@code SundialSql.g4} into the AST records ({@link Statement},
 * {@link SelectQuery}, {@link Expr}), checking what the grammar cannot: integer range, parameter
 * numbering, duplicate options, one LATEST BY.
 *
 * <p>Positions follow PostgreSQL: a node is placed at its first token, except operators, which are
 * placed at the operator ({@code a + b} at {@code +}, {@code x::int} at {@code ::}, {@code x IS NULL}
 * at {@code IS}, {@code x NOT IN (…)} at {@code NOT}), so that an error about an operator points at
 * it. A parenthesized expression is its inner expression.
 *
 * <p>Chains of left-associative operators ({@code a + b + … + z}, {@code p AND q AND …}, {@code x::a::b})
 * make left-deep parse trees as deep as the chain is long; they are folded with an explicit stack so
 * that a long chain cannot overflow the Java stack. AND and OR chains become one flat
 * {@link Expr.Logical} of any length; other chains become trees as deep as they are long, which
 * {@link ExpressionDepth} then bounds for the stages after the parser. Other recursion of the
 * parser is bounded by {@link NestingGuard}.
 *
 * <p>One instance per parse (it numbers {@code ?} parameters per statement); not thread-safe.
 */
final class AstBuilder {
    private static final BigInteger MIN_LONG_MAGNITUDE = BigInteger.ONE.shiftLeft(63);

    private final String sql;
    private final List<Token> tokens;
    /** questionsBefore[i] = number of {@code ?} tokens before token index i; built on first use. */
    private int[] questionsBefore;
    /** Token index where the statement being built starts (parameters are numbered per statement). */
    private int statementStart;
    private Token firstQuestion;
    private Token firstDollar;
    /** Calls of {@link #expr} in progress: the outermost one checks the finished tree's depth. */
    private int exprNesting;
    /** The named windows of the query being built (WINDOW clause), by name. */
    private Map<String, Expr.Window> windows = Map.of();

    AstBuilder(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
    }

    String sql() {
        return sql;
    }

    // ------------------------------------------------------------------ statements

    Statement statement(StatementContext ctx) {
        statementStart = ctx.start.getTokenIndex();
        firstQuestion = null;
        firstDollar = null;
        if (ctx instanceof ExplainStatementContext e) {
            return new Statement.Explain(explainable(e.explainable()), e.ANALYZE() != null, pos(e.start));
        }
        return explainable(((PlainStatementContext) ctx).explainable());
    }

    private Statement explainable(ExplainableContext ctx) {
        Pos pos = pos(ctx.start);
        return switch (ctx) {
            case SelectStatementContext c -> queryStatement(c.query(), pos);
            case CreateTableContext c -> new Statement.CreateTable(name(c.identifier()), c.ifNotExists() != null,
                    columns(c.columnDefinition()), c.optionList() == null ? Map.of() : options(c.optionList()), pos,
                    pos(c.identifier().start), c.optionList() == null ? Map.of() : optionPositions(c.optionList()));
            case AlterTableSetContext c -> new Statement.AlterTableSet(name(c.identifier()), options(c.optionList()), pos,
                    pos(c.identifier().start), optionPositions(c.optionList()));
            case AlterTableAddColumnContext c -> new Statement.AlterTableAddColumn(name(c.identifier()),
                    column(c.columnDefinition()), c.ifNotExists() != null, pos, pos(c.identifier().start));
            case DropTableContext c -> new Statement.DropTable(name(c.identifier()), c.EXISTS() != null, pos, pos(c.identifier().start));
            case ShowTablesContext c -> new Statement.ShowTables(pos);
            case DescribeTableContext c -> new Statement.Describe(name(c.identifier()), pos, pos(c.identifier().start));
            case ShowColumnsContext c -> new Statement.Describe(name(c.identifier()), pos, pos(c.identifier().start));
            case InsertContext c -> insert(c, pos);
            case DeleteContext c -> new Statement.Delete(name(c.identifier()), c.expr() == null ? null : expr(c.expr()), pos,
                    pos(c.identifier().start));
            case CallContext c -> new Statement.Call(name(c.identifier()), pos, pos(c.identifier().start));
            case ShowMaintenanceContext c -> new Statement.ShowMaintenance(pos);
            case SetSettingContext c -> new Statement.SetSetting(settingName(c.settingName()), settingValue(c.settingValue()), pos,
                    pos(c.settingName().start), pos(c.settingValue().start));
            case ShowSettingContext c -> new Statement.ShowSetting(settingName(c.settingName()), pos, pos(c.settingName().start));
            case SetTimeZoneContext c -> new Statement.SetSetting("timezone", timeZoneValue(c.timeZoneValue()), pos,
                    pos(c.TIME().getSymbol()), pos(c.timeZoneValue().start));
            case ShowTimeZoneContext c -> new Statement.ShowSetting("timezone", pos, pos(c.TIME().getSymbol()));
            case ResetSettingContext c when c.ALL() != null ->
                    new Statement.SetSetting("all", "default", pos, pos(c.ALL().getSymbol()), pos(c.ALL().getSymbol()));
            case ResetSettingContext c -> c.settingName() == null
                    ? new Statement.SetSetting("timezone", "default", pos, pos(c.TIME().getSymbol()), pos(c.TIME().getSymbol()))
                    : new Statement.SetSetting(settingName(c.settingName()), "default", pos, pos(c.settingName().start),
                    pos(c.settingName().start));
            default -> throw new IllegalStateException("BUG: no AST for statement " + ctx.getClass().getSimpleName());
        };
    }

    /** Plain names fold to lower case, quoted ones keep theirs (as {@link #name}). */
    private String settingName(SettingNameContext c) {
        String t = c.getText();
        return c.QUOTED_IDENTIFIER() != null ? unquote(t, '"') : t.toLowerCase(Locale.ROOT);
    }

    /** The value as written; a string's quotes removed. */
    private static String settingValue(SettingValueContext c) {
        String t = c.getText();
        return c.STRING_LITERAL() != null ? unquote(t, '\'') : t;
    }

    /** SET TIME ZONE's value: a string unquoted, {@code interval '…'} kept with its keyword (PostgreSQL's TimeZone reads that form), else as written. */
    private static String timeZoneValue(TimeZoneValueContext c) {
        if (c.INTERVAL() != null) {
            return "interval " + c.STRING_LITERAL().getText();
        }
        String t = c.getText();
        return c.STRING_LITERAL() != null ? unquote(t, '\'') : t;
    }

    private Statement insert(InsertContext c, Pos pos) {
        List<IdentifierContext> ids = c.identifier();
        List<String> columns = new ArrayList<>(ids.size() - 1);
        List<Pos> columnPositions = new ArrayList<>(ids.size() - 1);
        for (int i = 1; i < ids.size(); i++) {
            columns.add(name(ids.get(i)));
            columnPositions.add(pos(ids.get(i).start));
        }
        List<List<Expr>> rows = new ArrayList<>(c.valuesRow().size());
        for (ValuesRowContext row : c.valuesRow()) {
            rows.add(exprs(row.expr()));
        }
        return new Statement.Insert(name(ids.get(0)), List.copyOf(columns), List.copyOf(rows), pos, pos(ids.get(0).start),
                List.copyOf(columnPositions));
    }

    private List<Statement.ColumnSpec> columns(List<ColumnDefinitionContext> defs) {
        List<Statement.ColumnSpec> out = new ArrayList<>(defs.size());
        for (ColumnDefinitionContext d : defs) {
            out.add(column(d));
        }
        return List.copyOf(out);
    }

    private Statement.ColumnSpec column(ColumnDefinitionContext d) {
        if (d.SYMBOL() != null) {
            return new Statement.ColumnSpec(name(d.identifier()), "VARCHAR", true, pos(d.start));
        }
        return new Statement.ColumnSpec(name(d.identifier()), typeName(d.typeName()), d.TAG() != null, pos(d.start));
    }

    /** The canonical upper-case word of a type: synonyms that are several words become one. */
    private String typeName(TypeNameContext ctx) {
        return switch (ctx.start.getType()) {
            case SundialSqlLexer.DOUBLE -> "DOUBLE";
            case SundialSqlLexer.VARCHAR -> {
                if (ctx.INTEGER_VALUE() != null) {
                    checkLength(ctx.INTEGER_VALUE().getSymbol());
                }
                yield "VARCHAR";
            }
            case SundialSqlLexer.TIMESTAMP -> ctx.WITH() != null ? "TIMESTAMPTZ" : "TIMESTAMP";
            case SundialSqlLexer.NUMERIC, SundialSqlLexer.DECIMAL -> ScalarSyntax.numericType(sql, ctx.numericType().INTEGER_VALUE());
            case SundialSqlLexer.TIME -> ctx.WITH() != null ? "TIMETZ" : "TIME";
            default -> ctx.start.getText().toUpperCase(Locale.ROOT);
        };
    }

    private void checkLength(Token length) {
        String digits = length.getText();
        boolean valid = digits.length() <= 9 && Integer.parseInt(digits) >= 1;
        if (!valid) {
            throw SyntaxError.at(sql, length, "VARCHAR length must be between 1 and 999999999, not " + digits);
        }
    }

    private Map<String, String> options(OptionListContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        for (OptionContext o : ctx.option()) {
            String k = optionKey(o);
            if (out.putIfAbsent(k, optionValue(o.optionValue())) != null) {
                throw SyntaxError.at(sql, o.start, "option '" + k + "' is given twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Where each option of a list starts (its key), by key. */
    private Map<String, Pos> optionPositions(OptionListContext ctx) {
        Map<String, Pos> out = new LinkedHashMap<>();
        for (OptionContext o : ctx.option()) {
            out.put(optionKey(o), pos(o.start));
        }
        return Collections.unmodifiableMap(out);
    }

    /** An option's key, dotted parts joined ({@code wal.sync}). */
    private String optionKey(OptionContext o) {
        StringBuilder key = new StringBuilder();
        for (IdentifierContext part : o.optionKey().identifier()) {
            if (!key.isEmpty()) {
                key.append('.');
            }
            key.append(name(part));
        }
        return key.toString();
    }

    private String optionValue(OptionValueContext v) {
        if (v.STRING_LITERAL() != null) {
            return unquote(v.STRING_LITERAL().getText(), '\'');
        }
        if (v.identifier() != null) {
            return name(v.identifier());
        }
        if (v.TRUE() != null || v.FALSE() != null) {
            return v.start.getText().toLowerCase(Locale.ROOT);
        }
        // a number as written, with its sign if any
        TerminalNode number = v.INTEGER_VALUE() != null ? v.INTEGER_VALUE() : v.DECIMAL_VALUE();
        return (v.MINUS() != null ? "-" : "") + number.getText();
    }

    // ------------------------------------------------------------------ SELECT

    /**
     * A query expression. A plain SELECT (with its ORDER BY / LIMIT) is a {@link SelectQuery} as
     * before; set operations and WITH are built by {@link #queryExpr}.
     */
    QueryExpr query(QueryContext q) {
        return queryExpr(q);
    }

    /** The statement of a query: {@link Statement.Select} for a plain SELECT, else {@link Statement.Compound}. */
    private Statement queryStatement(QueryContext q, Pos pos) {
        QueryExpr e = query(q);
        return e instanceof SelectQuery s ? new Statement.Select(s, pos) : new Statement.Compound(e, pos);
    }

    private SelectQuery querySpecification(QuerySpecificationContext q, List<OrderItem> orderBy, Expr limit, Expr offset) {
        // the named windows of this SELECT's WINDOW clause, for its OVER name (a subquery has its own)
        Map<String, Expr.Window> outer = windows;
        windows = WindowSyntax.definitions(this, q.windowClause());
        try {
            return querySpecificationBody(q, orderBy, limit, offset);
        } finally {
            windows = outer;
        }
    }

    private SelectQuery querySpecificationBody(QuerySpecificationContext q, List<OrderItem> orderBy, Expr limit, Expr offset) {
        boolean distinct = q.setQuantifier() != null;
        List<Expr> distinctOn = distinct ? exprs(q.setQuantifier().expr()) : List.of();
        List<SelectItem> items = new ArrayList<>(q.selectItem().size());
        for (SelectItemContext item : q.selectItem()) {
            items.add(selectItem(item));
        }
        FromItem from = q.fromClause() == null ? null : new JoinAstBuilder(this, sql).fromClause(q.fromClause());
        if (q.latestBefore != null && q.latestAfter != null) {
            throw SyntaxError.at(sql, q.latestAfter.start, "LATEST BY is given twice");
        }
        LatestByContext latest = q.latestBefore != null ? q.latestBefore : q.latestAfter;
        List<Expr> latestBy = latest == null ? List.of() : exprs(latest.expr());
        Expr where = q.where == null ? null : expr(q.where);
        List<Expr> groupBy = q.groupBy() == null ? List.of() : exprs(q.groupBy().expr());
        Expr having = q.having == null ? null : expr(q.having);
        return new SelectQuery(distinct, distinctOn, List.copyOf(items), from, where, latestBy, groupBy, having,
                orderBy, limit, offset, pos(q.start));
    }

    private SelectItem selectItem(SelectItemContext ctx) {
        Pos pos = pos(ctx.start);
        return switch (ctx) {
            case SelectAllContext c -> new SelectItem(new Expr.Star(null, pos), null, pos);
            case SelectAllOfContext c -> new SelectItem(new Expr.Star(name(c.identifier()), pos), null, pos);
            case SelectExprContext c -> {
                Expr e = expr(c.expr());
                String alias = null;
                if (c.aliasName() != null) {
                    AliasNameContext a = c.aliasName();
                    alias = a.identifier() != null ? name(a.identifier()) : a.start.getText().toLowerCase(Locale.ROOT);
                } else if (c.identifier() != null) {
                    alias = name(c.identifier());
                }
                yield new SelectItem(e, alias, pos);
            }
            default -> throw new IllegalStateException("BUG: no AST for select item " + ctx.getClass().getSimpleName());
        };
    }

    FromItem fromItem(FromItemContext ctx) {
        Pos pos = pos(ctx.start);
        if (ctx instanceof FromTableContext t) {
            // public.cpu is cpu; another schema stays in the name, so that the error names it (table
            // "pg_catalog.pg_type" does not exist)
            String table = name(t.table);
            String schema = t.schema == null ? null : name(t.schema);
            String name = schema == null || schema.equals("public") ? table : schema + "." + table;
            return new SelectQuery.TableRef(name, t.alias != null ? name(t.alias) : null, pos);
        }
        FromSubqueryContext s = (FromSubqueryContext) ctx;
        return new SelectQuery.Subquery(query(s.query()), s.identifier() == null ? null : name(s.identifier()), pos);
    }

    private List<OrderItem> orderItems(OrderByContext ctx) {
        List<OrderItem> out = new ArrayList<>(ctx.orderItem().size());
        for (OrderItemContext o : ctx.orderItem()) {
            Boolean nullsFirst = o.NULLS() == null ? null : o.FIRST() != null;
            out.add(new OrderItem(expr(o.expr()), o.DESC() != null, nullsFirst, pos(o.start)));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ query composition

    /** Deepest nesting of set operations of different kinds ({@code a UNION b EXCEPT c UNION …}) in one chain. */
    private static final int MAX_SET_OPERATION_DEPTH = 100;

    /** WITH, set operations, then ORDER BY / LIMIT / OFFSET of the whole; a plain SELECT keeps them itself. */
    private QueryExpr queryExpr(QueryContext q) {
        // a subquery inside an expression has its own expressions, checked for depth on their own
        // (the enclosing expression's check does not look into the subquery)
        int savedNesting = exprNesting;
        exprNesting = 0;
        try {
            List<QueryExpr.Cte> ctes = q.withClause() == null ? List.of() : ctes(q.withClause());
            List<OrderItem> orderBy = q.orderBy() == null ? List.of() : orderItems(q.orderBy());
            Expr limit = null;
            Expr offset = null;
            LimitOffsetContext lo = q.limitOffset();
            if (lo != null) {
                limit = lo.limit == null ? null : expr(lo.limit);
                offset = lo.offset == null ? null : expr(lo.offset);
            }
            QueryExpr body;
            if (q.queryBody() instanceof QueryBodyTermContext t && t.queryTerm() instanceof QueryTermPrimaryContext p
                    && p.queryPrimary() instanceof QueryPrimarySelectContext sel) {
                body = querySpecification(sel.querySpecification(), orderBy, limit, offset);
            } else {
                body = sorted(queryBody(q.queryBody()), orderBy, limit, offset, pos(q.queryBody().start));
            }
            return ctes.isEmpty() ? body : new QueryExpr.With(ctes, body, pos(q.start));
        } finally {
            exprNesting = savedNesting;
        }
    }

    private List<QueryExpr.Cte> ctes(WithClauseContext w) {
        if (w.RECURSIVE() != null) {
            throw SyntaxError.at(sql, w.RECURSIVE().getSymbol(), "WITH RECURSIVE is not supported: only non-recursive common table expressions");
        }
        List<QueryExpr.Cte> out = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (CommonTableExpressionContext c : w.commonTableExpression()) {
            List<IdentifierContext> ids = c.identifier();
            String name = name(ids.get(0));
            if (!names.add(name)) {
                throw SyntaxError.at(sql, c.start, "WITH query name \"" + name + "\" specified more than once");
            }
            List<String> columns = new ArrayList<>();
            for (int i = 1; i < ids.size(); i++) {
                String col = name(ids.get(i));
                if (columns.contains(col)) {
                    throw SyntaxError.at(sql, ids.get(i).start, "column \"" + col + "\" specified more than once in WITH query \"" + name + "\"");
                }
                columns.add(col);
            }
            out.add(new QueryExpr.Cte(name, columns, query(c.query()), pos(c.start)));
        }
        return List.copyOf(out);
    }

    /** {@code body} with ORDER BY / LIMIT / OFFSET of the whole; a SELECT * around it when it has its own already. */
    private static QueryExpr sorted(QueryExpr body, List<OrderItem> orderBy, Expr limit, Expr offset, Pos pos) {
        if (orderBy.isEmpty() && limit == null && offset == null) {
            return body;
        }
        if (body instanceof SelectQuery s && s.orderBy().isEmpty() && s.limit() == null && s.offset() == null) {
            return new SelectQuery(s.distinct(), s.distinctOn(), s.items(), s.from(), s.where(), s.latestBy(), s.groupBy(),
                    s.having(), orderBy, limit, offset, s.pos());
        }
        if (body instanceof QueryExpr.SetOperation o && !o.sorted()) {
            return new QueryExpr.SetOperation(o.op(), o.all(), o.inputs(), orderBy, limit, offset, o.pos());
        }
        return new SelectQuery(false, List.of(), List.of(new SelectItem(new Expr.Star(null, pos), null, pos)),
                new SelectQuery.Subquery(body, null, pos), null, List.of(), List.of(), null, orderBy, limit, offset, pos);
    }

    /** UNION / EXCEPT chains, folded left to right without recursion on the chain. */
    private QueryExpr queryBody(QueryBodyContext ctx) {
        ArrayDeque<SetOperationContext> spine = new ArrayDeque<>();
        QueryBodyContext c = ctx;
        while (c instanceof SetOperationContext s) {
            spine.push(s);
            c = s.queryBody();
        }
        QueryExpr result = queryTerm(((QueryBodyTermContext) c).queryTerm());
        int depth = 0;
        while (!spine.isEmpty()) {
            SetOperationContext s = spine.pop();
            QueryExpr.SetOp op = s.setOperator.getType() == SundialSqlLexer.UNION ? QueryExpr.SetOp.UNION : QueryExpr.SetOp.EXCEPT;
            boolean all = s.setQuantity != null && s.setQuantity.getType() == SundialSqlLexer.ALL;
            result = combine(op, all, result, queryTerm(s.queryTerm()), s.setOperator);
            depth = checkSetDepth(result, depth, s.setOperator);
        }
        return result;
    }

    private QueryExpr queryTerm(QueryTermContext ctx) {
        ArrayDeque<IntersectOperationContext> spine = new ArrayDeque<>();
        QueryTermContext c = ctx;
        while (c instanceof IntersectOperationContext s) {
            spine.push(s);
            c = s.queryTerm();
        }
        QueryExpr result = queryPrimary(((QueryTermPrimaryContext) c).queryPrimary());
        int depth = 0;
        while (!spine.isEmpty()) {
            IntersectOperationContext s = spine.pop();
            boolean all = s.setQuantity != null && s.setQuantity.getType() == SundialSqlLexer.ALL;
            result = combine(QueryExpr.SetOp.INTERSECT, all, result, queryPrimary(s.queryPrimary()), s.INTERSECT().getSymbol());
            depth = checkSetDepth(result, depth, s.INTERSECT().getSymbol());
        }
        return result;
    }

    private QueryExpr queryPrimary(QueryPrimaryContext ctx) {
        if (ctx instanceof QueryPrimarySelectContext s) {
            return querySpecification(s.querySpecification(), List.of(), null, null);
        }
        return query(((QueryPrimaryParenthesizedContext) ctx).query());
    }

    /** {@code left op right}; a left operand of the same operator (and ALL flag) grows into one n-ary node. */
    private static QueryExpr combine(QueryExpr.SetOp op, boolean all, QueryExpr left, QueryExpr right, Token at) {
        if (left instanceof QueryExpr.SetOperation l && l.op() == op && l.all() == all && !l.sorted()) {
            List<QueryExpr> inputs = new ArrayList<>(l.inputs());
            inputs.add(right);
            return new QueryExpr.SetOperation(op, all, inputs, List.of(), null, null, l.pos());
        }
        return new QueryExpr.SetOperation(op, all, List.of(left, right), List.of(), null, null, pos(at));
    }

    /** Counts a new level when {@code result} did not grow an existing node; refuses chains too deep for the later stages. */
    private int checkSetDepth(QueryExpr result, int depth, Token at) {
        int d = result instanceof QueryExpr.SetOperation o && o.inputs().size() > 2 ? depth : depth + 1;
        if (d > MAX_SET_OPERATION_DEPTH) {
            throw SyntaxError.at(sql, at, "set operations nested too deeply (more than " + MAX_SET_OPERATION_DEPTH
                    + " alternations of UNION, INTERSECT and EXCEPT); use parentheses or a WITH query");
        }
        return d;
    }

    // ------------------------------------------------------------------ expressions

    private List<Expr> exprs(List<ExprContext> ctxs) {
        List<Expr> out = new ArrayList<>(ctxs.size());
        for (ExprContext c : ctxs) {
            out.add(expr(c));
        }
        return List.copyOf(out);
    }

    Expr expr(ExprContext ctx) {
        // every expression is built inside an outermost call of expr(): check the depth there, once
        if (exprNesting++ > 0) {
            try {
                return booleanExpr(ctx.booleanExpr());
            } finally {
                exprNesting--;
            }
        }
        try {
            Expr e = booleanExpr(ctx.booleanExpr());
            ExpressionDepth.check(sql, e);
            return e;
        } finally {
            exprNesting--;
        }
    }

    private Expr booleanExpr(BooleanExprContext ctx) {
        // fold the left spine of AND/OR iteratively (see class comment)
        ArrayDeque<BooleanExprContext> spine = null;
        BooleanExprContext leftmost = ctx;
        while (true) {
            BooleanExprContext left;
            if (leftmost instanceof LogicalAndContext a) {
                left = a.booleanExpr(0);
            } else if (leftmost instanceof LogicalOrContext o) {
                left = o.booleanExpr(0);
            } else {
                break;
            }
            if (spine == null) {
                spine = new ArrayDeque<>();
            }
            spine.push(leftmost);
            leftmost = left;
        }
        Expr result = switch (leftmost) {
            case BooleanDefaultContext d -> predicate(d.predicate());
            case LogicalNotContext n -> new Expr.Unary("NOT", booleanExpr(n.booleanExpr()), pos(n.NOT().getSymbol()));
            default -> throw new IllegalStateException("BUG: unexpected " + leftmost.getClass().getSimpleName());
        };
        // operands of the run of one operator being folded, flattened into one Logical node
        String runOp = null;
        List<Expr> run = null;
        Pos runPos = null;
        while (spine != null && !spine.isEmpty()) {
            BooleanExprContext op = spine.pop();
            String name;
            Expr right;
            Token symbol;
            if (op instanceof LogicalAndContext a) {
                name = "AND";
                right = booleanExpr(a.booleanExpr(1));
                symbol = a.AND().getSymbol();
            } else {
                LogicalOrContext o = (LogicalOrContext) op;
                name = "OR";
                right = booleanExpr(o.booleanExpr(1));
                symbol = o.OR().getSymbol();
            }
            if (!name.equals(runOp)) {
                if (run != null) {
                    result = new Expr.Logical(runOp, run, runPos);
                }
                runOp = name;
                run = new ArrayList<>();
                runPos = pos(symbol);
                Expr.Logical.addFlattened(run, name, result);
            }
            Expr.Logical.addFlattened(run, name, right);
        }
        if (run != null) {
            result = new Expr.Logical(runOp, run, runPos);
        }
        return result;
    }

    private Expr predicate(PredicateContext ctx) {
        Expr result = valueExpr(ctx.valueExpr());
        for (PredicateSuffixContext suffix : ctx.predicateSuffix()) {
            Pos pos = pos(suffix.start);
            result = switch (suffix) {
                case ComparisonSuffixContext c -> new Expr.Binary(comparisonOperator(c.comparisonOperator()), result,
                        valueExpr(c.valueExpr()), pos(c.comparisonOperator().start));
                case IsNullSuffixContext c -> new Expr.IsNull(result, c.NOT() != null, pos);
                case LikeSuffixContext c -> new Expr.Like(result, ScalarSyntax.likePattern(valueExpr(c.valueExpr(0)),
                        c.escape == null ? null : valueExpr(c.escape), c.ESCAPE() == null ? null : pos(c.ESCAPE().getSymbol())),
                        c.NOT() != null, c.ILIKE() != null, pos);
                case SimilarToSuffixContext c -> throw SyntaxError.at(sql, c.SIMILAR().getSymbol(),
                        "SIMILAR TO is not supported (use LIKE, or a regular expression with ~)");
                case DistinctFromSuffixContext c -> new Expr.Binary(c.NOT() != null ? "IS NOT DISTINCT FROM" : "IS DISTINCT FROM",
                        result, valueExpr(c.valueExpr()), pos);
                case InSubquerySuffixContext c -> new Expr.InSubquery(result, query(c.query()), c.NOT() != null, pos);
                case InSuffixContext c -> new Expr.InList(result, exprs(c.expr()), c.NOT() != null, pos);
                case BetweenSuffixContext c -> {
                    Expr low = valueExpr(c.valueExpr(0));
                    Expr high = valueExpr(c.valueExpr(1));
                    yield new Expr.Between(result, low, high, c.NOT() != null, pos);
                }
                default -> throw new IllegalStateException("BUG: unexpected " + suffix.getClass().getSimpleName());
            };
        }
        return result;
    }

    private static String comparisonOperator(ComparisonOperatorContext ctx) {
        return ctx.start.getType() == SundialSqlLexer.LTGT ? "!=" : ctx.start.getText();
    }

    Expr valueExpr(ValueExprContext ctx) {
        // fold the left spine of casts and binary operators iteratively (see class comment)
        ArrayDeque<ValueExprContext> spine = null;
        ValueExprContext leftmost = ctx;
        while (true) {
            ValueExprContext left = switch (leftmost) {
                case CastValueContext c -> c.valueExpr();
                case MultiplicativeValueContext m -> m.valueExpr(0);
                case AdditiveValueContext a -> a.valueExpr(0);
                case ConcatValueContext c -> c.valueExpr(0);
                case AtTimeZoneValueContext z -> z.valueExpr(0);
                default -> null;
            };
            if (left == null) {
                break;
            }
            if (spine == null) {
                spine = new ArrayDeque<>();
            }
            spine.push(leftmost);
            leftmost = left;
        }
        Expr result = switch (leftmost) {
            case PrimaryValueContext p -> primary(p.primary());
            case UnaryValueContext u -> unary(u);
            default -> throw new IllegalStateException("BUG: unexpected " + leftmost.getClass().getSimpleName());
        };
        while (spine != null && !spine.isEmpty()) {
            ValueExprContext op = spine.pop();
            result = switch (op) {
                case CastValueContext c -> new Expr.Cast(result, typeName(c.typeName()), pos(c.CAST_OP().getSymbol()));
                case MultiplicativeValueContext m -> new Expr.Binary(m.op.getText(), result, valueExpr(m.valueExpr(1)), pos(m.op));
                case AdditiveValueContext a -> new Expr.Binary(a.op.getText(), result, valueExpr(a.valueExpr(1)), pos(a.op));
                case ConcatValueContext c -> new Expr.Binary("||", result, valueExpr(c.valueExpr(1)), pos(c.CONCAT().getSymbol()));
                // PostgreSQL's own spelling of AT TIME ZONE is the function timezone(zone, ts)
                case AtTimeZoneValueContext z -> new Expr.Call("timezone", List.of(valueExpr(z.valueExpr(1)), result), false, false,
                        pos(z.AT().getSymbol()));
                default -> throw new IllegalStateException("BUG: unexpected " + op.getClass().getSimpleName());
            };
        }
        return result;
    }

    private Expr unary(UnaryValueContext u) {
        Pos pos = pos(u.op);
        // -9223372036854775808 is a valid BIGINT although 9223372036854775808 alone is not
        if (u.op.getType() == SundialSqlLexer.MINUS && u.valueExpr() instanceof PrimaryValueContext p
                && p.primary() instanceof LiteralPrimaryContext l && l.literal().INTEGER_VALUE() != null
                && new BigInteger(l.literal().getText()).equals(MIN_LONG_MAGNITUDE)) {
            return new Expr.Literal(Long.MIN_VALUE, pos);
        }
        return new Expr.Unary(u.op.getText(), valueExpr(u.valueExpr()), pos);
    }

    private Expr primary(PrimaryContext ctx) {
        Pos pos = pos(ctx.start);
        return switch (ctx) {
            case LiteralPrimaryContext l -> literal(l.literal());
            case ColumnReferenceContext c -> c.identifier().size() == 1
                    ? new Expr.ColumnRef(null, name(c.identifier(0)), pos)
                    : new Expr.ColumnRef(name(c.identifier(0)), name(c.identifier(1)), pos);
            case FunctionCallContext f -> WindowSyntax.call(this, f, exprs(f.expr()), windows, pos);
            case LeftRightCallContext f -> new Expr.Call(f.fn.getText().toLowerCase(Locale.ROOT), exprs(f.expr()), false, false, pos);
            case ParenthesizedContext p -> expr(p.expr());
            case TypedLiteralContext t -> new Expr.TypedLiteral(t.literalType.getText().toUpperCase(Locale.ROOT),
                    unquote(t.STRING_LITERAL().getText(), '\''), pos);
            case PositionalParameterContext p -> positionalParameter(p.start);
            case NumberedParameterContext n -> numberedParameter(n.start);
            case CastCallContext c -> new Expr.Cast(expr(c.expr()), typeName(c.typeName()), pos);
            case CaseExpressionContext c -> caseExpr(c, pos);
            case CurrentTimestampContext c -> new Expr.Call("now", List.of(), false, false, pos);
            case ExtractCallContext e -> new Expr.Call("extract", List.of(extractField(e), expr(e.expr())), false, false, pos);
            case SubstringCallContext c -> ScalarSyntax.substring(expr(c.value), c.start == null ? null : expr(c.start),
                    c.count == null ? null : expr(c.count), pos);
            case PositionCallContext c -> ScalarSyntax.position(valueExpr(c.needle), valueExpr(c.haystack), pos);
            case TrimCallContext c -> ScalarSyntax.trim(c.side == null ? null : c.side.getText(), expr(c.source),
                    c.characters == null ? null : expr(c.characters), pos);
            case ExistsSubqueryContext e -> new Expr.Exists(query(e.query()), pos);
            case ScalarSubqueryContext q -> new Expr.ScalarSubquery(query(q.query()), pos);
            default -> throw new IllegalStateException("BUG: no AST for " + ctx.getClass().getSimpleName());
        };
    }

    /** The field of EXTRACT(field FROM …) as a text literal: a name (case-folded) or a string. */
    private Expr extractField(ExtractCallContext e) {
        if (e.identifier() != null) {
            return new Expr.Literal(name(e.identifier()), pos(e.identifier().start));
        }
        return new Expr.Literal(unquote(e.STRING_LITERAL().getText(), '\''), pos(e.STRING_LITERAL().getSymbol()));
    }

    private Expr caseExpr(CaseExpressionContext c, Pos pos) {
        Expr operand = c.operand == null ? null : expr(c.operand);
        List<Expr.When> whens = new ArrayList<>(c.whenClause().size());
        for (WhenClauseContext w : c.whenClause()) {
            whens.add(new Expr.When(expr(w.condition), expr(w.result)));
        }
        Expr otherwise = c.otherwise == null ? null : expr(c.otherwise);
        return new Expr.Case(operand, List.copyOf(whens), otherwise, pos);
    }

    private Expr literal(LiteralContext l) {
        Token t = l.start;
        Pos pos = pos(t);
        return switch (t.getType()) {
            case SundialSqlLexer.INTEGER_VALUE -> new Expr.Literal(integer(t), pos);
            case SundialSqlLexer.DECIMAL_VALUE -> {
                double d = Double.parseDouble(t.getText());
                if (Double.isInfinite(d)) {
                    throw SyntaxError.at(sql, t, "number " + SyntaxError.quote(t.getText()) + " is out of range for DOUBLE");
                }
                yield new Expr.Literal(d, pos);
            }
            case SundialSqlLexer.STRING_LITERAL -> new Expr.Literal(unquote(t.getText(), '\''), pos);
            case SundialSqlLexer.ESCAPE_STRING_LITERAL -> new Expr.Literal(EscapeString.decode(sql, t), pos);
            case SundialSqlLexer.TRUE -> new Expr.Literal(Boolean.TRUE, pos);
            case SundialSqlLexer.FALSE -> new Expr.Literal(Boolean.FALSE, pos);
            case SundialSqlLexer.NULL -> new Expr.Literal(null, pos);
            default -> throw new IllegalStateException("BUG: unexpected literal token " + t);
        };
    }

    private long integer(Token t) {
        String digits = stripLeadingZeros(t.getText());
        // 18 digits always fit in a long; 19 may; more never do
        if (digits.length() <= 18) {
            return Long.parseLong(digits);
        }
        if (digits.length() == 19 && new BigInteger(digits).bitLength() <= 63) {
            return Long.parseLong(digits);
        }
        throw SyntaxError.at(sql, t, "integer " + SyntaxError.quote(t.getText())
                + " is out of range for BIGINT (-9223372036854775808 to 9223372036854775807)");
    }

    private static String stripLeadingZeros(String digits) {
        int i = 0;
        while (i < digits.length() - 1 && digits.charAt(i) == '0') {
            i++;
        }
        return digits.substring(i);
    }

    private Expr positionalParameter(Token t) {
        if (firstDollar != null) {
            throw mixedParameters(t);
        }
        if (firstQuestion == null) {
            firstQuestion = t;
        }
        if (questionsBefore == null) {
            questionsBefore = new int[tokens.size() + 1];
            for (int i = 0; i < tokens.size(); i++) {
                questionsBefore[i + 1] = questionsBefore[i] + (tokens.get(i).getType() == SundialSqlLexer.QUESTION ? 1 : 0);
            }
        }
        int index = questionsBefore[t.getTokenIndex()] - questionsBefore[statementStart] + 1;
        return new Expr.Parameter(index, pos(t));
    }

    private Expr numberedParameter(Token t) {
        if (firstQuestion != null) {
            throw mixedParameters(t);
        }
        if (firstDollar == null) {
            firstDollar = t;
        }
        String digits = stripLeadingZeros(t.getText().substring(1));
        int index = digits.length() <= 5 ? Integer.parseInt(digits) : 0;
        if (index < 1 || index > 65535) {
            throw SyntaxError.at(sql, t, "parameter " + SyntaxError.quote(t.getText()) + " must be numbered from $1 to $65535");
        }
        return new Expr.Parameter(index, pos(t));
    }

    private QueryException mixedParameters(Token t) {
        return SyntaxError.at(sql, t, "a statement uses either ? or $n parameters, not both");
    }

    // ------------------------------------------------------------------ names and text

    /** A name: double-quoted names as written (with "" for "), others in lower case. */
    String name(IdentifierContext ctx) {
        Token t = ctx.start;
        if (t.getType() == SundialSqlLexer.QUOTED_IDENTIFIER) {
            String name = unquote(t.getText(), '"');
            if (name.isEmpty()) {
                throw SyntaxError.at(sql, t, "a quoted name cannot be empty");
            }
            return name;
        }
        return t.getText().toLowerCase(Locale.ROOT);
    }

    /** Strips the outer quotes and turns each doubled quote into one. */
    private static String unquote(String text, char quote) {
        String inner = text.substring(1, text.length() - 1);
        return inner.indexOf(quote) < 0 ? inner : inner.replace(String.valueOf(quote) + quote, String.valueOf(quote));
    }

    static Pos pos(Token t) {
        return new Pos(t.getLine(), t.getCharPositionInLine() + 1, t.getStartIndex() + 1);
    }
}
