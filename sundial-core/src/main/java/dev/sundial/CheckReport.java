package dev.sundial;

import java.util.List;

/**
 * Result of {@link Sundial#check()}.
 *
 * @param filesChecked files whose checksums were verified
 * @param problems     one line per problem, naming the file and byte offset; empty when all is well
 */
public record CheckReport(int filesChecked, List<String> problems) {
    public CheckReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
