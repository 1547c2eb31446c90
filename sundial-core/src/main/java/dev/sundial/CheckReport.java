package dev.sundial;

import java.util.List;

/**
 * Result of {@link Sundial#check()}.
 *
 * @param filesChecked files whose checksums were verified
 * @param problems     one line per problem, naming the file and byte offset; empty when all is well
 * @param repairs      torn tails left by a crash and cut when the database was opened (not problems)
 */
public record CheckReport(int filesChecked, List<String> problems, List<String> repairs) {
    public CheckReport {
        problems = List.copyOf(problems);
        repairs = List.copyOf(repairs);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
