package dev.sundial.sql.parser;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Stops the parser at the first syntax error with a {@link dev.sundial.QueryException} (via
 * {@link SyntaxError}) instead of recovering: a statement with an error is never executed, and the
 * first error is the one worth showing.
 *
 * <p>The expected-token list covers the optional clauses the parser skipped on its way to the error
 * without consuming anything: after {@code SELECT * FORM} the parser has already passed the places
 * for ',', FROM, WHERE…, and only ';' or the end remain at the point of failure; the list should
 * still offer the clauses. So the first place where the offending token was skipped is remembered
 * (as ANTLR's own strategy does) and the expected set is computed there.
 *
 * <p>One instance per parse (it has state); not thread-safe.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {
    private final String sql;
    /** Where the parser first passed over an optional part at token index {@link #skippedAt}. */
    private ParserRuleContext skippedContext;
    private int skippedState;
    private int skippedAt = -1;

    SyntaxErrorStrategy(String sql) {
        this.sql = sql;
    }

    @Override
    public void sync(Parser recognizer) {
        ATNState state = recognizer.getInterpreter().atn.states.get(recognizer.getState());
        int index = recognizer.getInputStream().index();
        IntervalSet next = recognizer.getATN().nextTokens(state);
        if (next.contains(recognizer.getInputStream().LA(1))) {
            return;
        }
        if (next.contains(Token.EPSILON)) {
            if (skippedAt != index) {
                skippedContext = recognizer.getContext();
                skippedState = recognizer.getState();
                skippedAt = index;
            }
            return;
        }
        switch (state.getStateType()) {
            case ATNState.BLOCK_START, ATNState.STAR_BLOCK_START, ATNState.PLUS_BLOCK_START, ATNState.STAR_LOOP_ENTRY,
                 ATNState.PLUS_LOOP_BACK, ATNState.STAR_LOOP_BACK ->
                    throw SyntaxError.unexpected(sql, recognizer.getCurrentToken(), expected(recognizer, null));
            default -> {
                // other states make no decision here; a mismatch surfaces at the next match or prediction
            }
        }
    }

    @Override
    public Token recoverInline(Parser recognizer) {
        throw SyntaxError.unexpected(sql, recognizer.getCurrentToken(), expected(recognizer, null));
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        Token offending = e.getOffendingToken() != null ? e.getOffendingToken() : recognizer.getCurrentToken();
        IntervalSet expected = null;
        if (!(e instanceof NoViableAltException noViable) || noViable.getStartToken() == offending) {
            expected = expected(recognizer, e);
        }
        // else prediction failed further ahead than where the choice began: the expected set would
        // describe the wrong place, so say only what was unexpected
        throw SyntaxError.unexpected(sql, offending, expected);
    }

    @Override
    public void recover(Parser recognizer, RecognitionException e) {
        throw new IllegalStateException("BUG: recover() after reportError(), which always throws", e);
    }

    private IntervalSet expected(Parser recognizer, RecognitionException e) {
        if (skippedAt == recognizer.getInputStream().index() && skippedContext != null) {
            return recognizer.getATN().getExpectedTokens(skippedState, skippedContext);
        }
        return e != null ? e.getExpectedTokens() : recognizer.getExpectedTokens();
    }
}
