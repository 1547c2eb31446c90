package dev.sundial.cli.shell;

import dev.sundial.sql.output.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * How JLine reads the shell's input. On Enter, input that holds an unfinished SQL statement (no
 * {@code ;} yet, or inside an open string or comment) is not accepted: JLine adds a line with the
 * continuation prompt, so a multi-line statement is edited, recalled from history and cancelled
 * (Ctrl-C) as one piece. A blank line and a line starting with a backslash (a shell command) are
 * accepted as they are. For completion, words are runs of name characters (letters, digits, {@code _}, {@code $},
 * {@code "}), so {@code max(usa} completes {@code usa}. Stateless and thread-safe.
 */
public final class SqlLineParser implements Parser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !isComplete(line)) {
            throw new EOFError(-1, -1, "the statement has no ';' yet", ";");
        }
        return words(line, cursor);
    }

    /**
     * True when {@code text} leaves no statement unfinished, read line by line as {@link
     * ShellSession#acceptLine} reads it: a line starting with a backslash outside a statement is a
     * command; other lines add to the statement until its {@code ;}.
     */
    static boolean isComplete(String text) {
        String pending = "";
        for (String line : text.split("\r?\n", -1)) {
            if (pending.isEmpty() && line.strip().startsWith("\\")) {
                continue;
            }
            StatementSplitter.Split split = StatementSplitter.split(pending + line + "\n");
            pending = split.rest();
            if (!split.statements().isEmpty() && pending.strip().startsWith("\\")) {
                pending = ""; // "SELECT 1; \\dt": a command after a statement on the same line
            }
        }
        return pending.isEmpty();
    }

    static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '"';
    }

    private static ParsedLine words(String line, int cursor) {
        List<String> words = new ArrayList<>();
        int wordIndex = -1;
        int wordCursor = 0;
        int i = 0;
        int n = line.length();
        while (i <= n) {
            while (i < n && !isNameChar(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && isNameChar(line.charAt(i))) {
                i++;
            }
            if (wordIndex < 0 && cursor < start) {
                words.add(""); // the cursor sits between words: complete an empty word there
                wordIndex = words.size() - 1;
            }
            if (start == i) {
                break;
            }
            if (wordIndex < 0 && cursor >= start && cursor <= i) {
                wordIndex = words.size();
                wordCursor = cursor - start;
            }
            words.add(line.substring(start, i));
        }
        if (wordIndex < 0) {
            words.add("");
            wordIndex = words.size() - 1;
        }
        return new Words(line, cursor, List.copyOf(words), wordIndex, wordCursor);
    }

    private record Words(String line, int cursor, List<String> words, int wordIndex, int wordCursor)
            implements CompletingParsedLine {
        @Override
        public String word() {
            return words.get(wordIndex);
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate; // candidates are already valid SQL names (quoted where needed)
        }

        @Override
        public int rawWordCursor() {
            return wordCursor;
        }

        @Override
        public int rawWordLength() {
            return word().length();
        }
    }
}
