package dev.sundial.sql.parser;

import dev.sundial.QueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The SQL front-end: text to {@link Statement}s, in the dialect documented in {@code SundialSql.g4}.
 * Every error, lexical or syntactic, is a {@link QueryException} worded
 * {@code syntax error at line L, column C: <reason>} with the 1-based position of the offending
 * token; the parser never throws anything else and never prints.
 *
 * <p>Parsing runs in two stages, as ANTLR recommends for speed: first with SLL prediction and no
 * error recovery, which accepts almost every valid statement quickly; only if that fails is the
 * statement parsed again with full LL prediction, which either succeeds (a rare grammar ambiguity
 * SLL could not settle) or finds the real error and reports it.
 *
 * <p>Thread-safe: every call builds its own lexer and parser; ANTLR's prediction caches are shared
 * and synchronized internally.
 */
public final class SqlParser {
    private static final List<String> KEYWORDS = collectKeywords();

    private SqlParser() {
    }

    /** Parses one statement, optionally followed by ';'. */
    public static Statement parse(String sql) {
        CommonTokenStream tokens = tokenize(sql);
        SundialSqlParser.SingleStatementContext tree = parseTree(sql, tokens, SundialSqlParser::singleStatement);
        return new AstBuilder(sql, tokens.getTokens()).statement(tree.statement());
    }

    /**
     * Parses a script: statements separated by ';' (empty statements are skipped). Positions, in
     * results and errors, are relative to the whole script; {@code ?} parameters are numbered per
     * statement.
     */
    public static List<Statement> parseAll(String sql) {
        CommonTokenStream tokens = tokenize(sql);
        SundialSqlParser.ScriptContext tree = parseTree(sql, tokens, SundialSqlParser::script);
        AstBuilder builder = new AstBuilder(sql, tokens.getTokens());
        List<Statement> out = new ArrayList<>(tree.statement().size());
        for (SundialSqlParser.StatementContext s : tree.statement()) {
            out.add(builder.statement(s));
        }
        return List.copyOf(out);
    }

    /** The dialect's keywords in upper case, sorted, for completion in shells and editors. */
    public static List<String> keywords() {
        return KEYWORDS;
    }

    private static CommonTokenStream tokenize(String sql) {
        Objects.requireNonNull(sql, "sql");
        SundialSqlLexer lexer = new SundialSqlLexer(CharStreams.fromString(sql));
        // malformed input becomes error tokens (see the grammar), so the lexer never reports itself
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        NestingGuard.check(sql, tokens.getTokens());
        return tokens;
    }

    private static <T extends ParserRuleContext> T parseTree(String sql, CommonTokenStream tokens,
                                                             Function<SundialSqlParser, T> rule) {
        SundialSqlParser parser = new SundialSqlParser(tokens);
        boundPredictionCache(parser);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return rule.apply(parser);
        } catch (ParseCancellationException sllFailed) {
            // not an error yet: SLL may fail on valid input; the LL stage decides and reports
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new SyntaxErrorStrategy(sql));
            return rule.apply(parser);
        }
    }

    /**
     * ANTLR caches prediction states (DFA) in static tables shared by all parsers, and they only
     * grow: random input (fuzzing, hostile clients of a server) made them reach gigabytes. Every
     * 1,024 parses the states are counted and the cache is dropped past 100,000 (a few tens of MiB;
     * real workloads stay in the low thousands), costing only a short re-warm.
     */
    private static void boundPredictionCache(SundialSqlParser parser) {
        if ((PARSES.incrementAndGet() & 1023) != 0) {
            return;
        }
        int states = 0;
        for (org.antlr.v4.runtime.dfa.DFA dfa : parser.getInterpreter().decisionToDFA) {
            states += dfa.states.size();
        }
        if (states > MAX_CACHED_DFA_STATES) {
            parser.getInterpreter().clearDFA();
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong PARSES = new java.util.concurrent.atomic.AtomicLong();
    private static final int MAX_CACHED_DFA_STATES = 100_000;

    /**
     * Whether the fast SLL stage alone accepts {@code sql} (for tests: common statements should
     * never pay for the LL stage).
     */
    static boolean sllSuffices(String sql) {
        SundialSqlParser parser = new SundialSqlParser(tokenize(sql));
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            parser.script();
            return true;
        } catch (ParseCancellationException failed) {
            return false;
        }
    }

    private static List<String> collectKeywords() {
        Vocabulary vocabulary = SundialSqlLexer.VOCABULARY;
        List<String> out = new ArrayList<>();
        for (int type = 1; type <= vocabulary.getMaxTokenType(); type++) {
            String literal = vocabulary.getLiteralName(type);
            if (literal != null && Character.isLetter(literal.charAt(1))) {
                out.add(literal.substring(1, literal.length() - 1).toUpperCase(Locale.ROOT));
            }
        }
        out.sort(null);
        return List.copyOf(out);
    }
}
