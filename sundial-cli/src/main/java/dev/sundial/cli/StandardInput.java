package dev.sundial.cli;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether standard input is a terminal (a user typing) rather than a pipe or a file. Before JDK 22
 * {@link System#console()} is null unless both standard input and output are terminals; from JDK
 * 22 it may return a console on redirected streams, and {@code Console.isTerminal()} (absent from
 * the Java 21 API this code compiles against, so looked up by name) tells the truth. Thread-safe.
 */
final class StandardInput {
    private StandardInput() {
    }

    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        Method isTerminal;
        try {
            isTerminal = Console.class.getMethod("isTerminal");
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
        try {
            return (Boolean) isTerminal.invoke(c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("BUG: cannot call Console.isTerminal: " + e, e);
        }
    }
}
