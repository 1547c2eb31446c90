package dev.sundial.sql.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Renders the set of tokens the parser could have accepted as a short English list for error
 * messages: the dozens of tokens that can start an expression become "an expression", every word
 * usable as a name becomes "a name", keywords appear as written (FROM), punctuation quoted (','),
 * and the list is cut after a few entries. Immutable and thread-safe.
 */
final class ExpectedTokens {
    private static final int MAX_ENTRIES = 6;
    private static final IntervalSet EXPRESSION_START = firstSet(SundialSqlParser.RULE_expr);
    private static final IntervalSet NAME_START = firstSet(SundialSqlParser.RULE_identifier);

    private ExpectedTokens() {
    }

    private static IntervalSet firstSet(int rule) {
        ATN atn = SundialSqlParser._ATN;
        return atn.nextTokens(atn.ruleToStartState[rule]);
    }

    /**
     * Tokens that continue a complete value: when ',' … '||' are all possible, "an operator" says it
     * shorter. NOT is among them for NOT LIKE / NOT IN / NOT BETWEEN, AT for AT TIME ZONE, SIMILAR for the
     * refused SIMILAR TO.
     */
    private static final IntervalSet OPERATORS = IntervalSet.of(SundialSqlLexer.EQ, SundialSqlLexer.CAST_OP);

    static {
        for (int type : new int[] {SundialSqlLexer.AND, SundialSqlLexer.OR, SundialSqlLexer.NOT, SundialSqlLexer.IS,
                SundialSqlLexer.IN, SundialSqlLexer.LIKE, SundialSqlLexer.ILIKE, SundialSqlLexer.BETWEEN, SundialSqlLexer.AT,
                SundialSqlLexer.SIMILAR}) {
            OPERATORS.add(type);
        }
    }

    /**
     * Punctuation first (often the one that is missing), then the classes of tokens, then keywords
     * in the order the grammar lists them (clauses in the order they are written), then ';' and the
     * end of input; "X", "X or Y", "X, Y or Z", or the first few entries followed by "…"; empty if nothing
     * is expected.
     */
    static String describe(IntervalSet expected) {
        IntervalSet rest = new IntervalSet(expected);
        List<String> classes = new ArrayList<>();
        if (expected.contains(SundialSqlLexer.INTEGER_VALUE)) {
            classes.add("an expression");
            rest = rest.subtract(EXPRESSION_START);
        }
        if (expected.contains(SundialSqlLexer.IDENTIFIER)) {
            if (classes.isEmpty()) {
                classes.add("a name");
            }
            rest = rest.subtract(NAME_START);
        }
        if (rest.contains(SundialSqlLexer.CONCAT)) {
            classes.add("an operator");
            rest = rest.subtract(OPERATORS);
        }
        List<String> punctuation = new ArrayList<>();
        List<String> keywords = new ArrayList<>();
        for (int type : rest.toArray()) {
            if (type == Token.EOF || type == Token.EPSILON || type == SundialSqlLexer.SEMICOLON) {
                continue;
            }
            String name = name(type);
            (Character.isLetter(name.charAt(0)) ? keywords : punctuation).add(name);
        }
        List<String> entries = new ArrayList<>(punctuation);
        entries.addAll(classes);
        entries.addAll(keywords);
        if (rest.contains(SundialSqlLexer.SEMICOLON)) {
            entries.add("';'");
        }
        if (rest.contains(Token.EOF)) {
            entries.add("end of input");
        }
        if (entries.isEmpty()) {
            return "";
        }
        if (entries.size() > MAX_ENTRIES) {
            return String.join(", ", entries.subList(0, MAX_ENTRIES)) + ", …";
        }
        if (entries.size() == 1) {
            return entries.get(0);
        }
        return String.join(", ", entries.subList(0, entries.size() - 1)) + " or " + entries.get(entries.size() - 1);
    }

    /** A token type as a user would write it: FROM, ',', or a description of the token class. */
    static String name(int type) {
        return switch (type) {
            case SundialSqlLexer.INTEGER_VALUE -> "an integer";
            case SundialSqlLexer.DECIMAL_VALUE -> "a number";
            case SundialSqlLexer.STRING_LITERAL -> "a string";
            case SundialSqlLexer.IDENTIFIER, SundialSqlLexer.QUOTED_IDENTIFIER -> "a name";
            case SundialSqlLexer.DOLLAR_PARAMETER -> "a parameter";
            default -> {
                Vocabulary vocabulary = SundialSqlParser.VOCABULARY;
                String literal = vocabulary.getLiteralName(type);
                if (literal == null) {
                    yield vocabulary.getSymbolicName(type).toLowerCase(Locale.ROOT).replace('_', ' ');
                }
                String text = literal.substring(1, literal.length() - 1);
                // keywords unquoted and upper case (as the grammar spells them), punctuation quoted
                yield Character.isLetter(text.charAt(0)) ? text : literal;
            }
        };
    }
}
