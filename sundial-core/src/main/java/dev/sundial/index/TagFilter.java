package dev.sundial.index;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A conjunction of predicates on tag values, used to choose series before any data is read. A
 * series without a value for a tag matches {@code !=} and {@code NOT IN} and fails {@code =},
 * {@code IN} and regex. Immutable; build with {@link #all()} and the {@code and…} methods.
 */
public final class TagFilter {
    /** One predicate on one tag. */
    public sealed interface Predicate permits Equals, NotEquals, In, NotIn, Matches {
        String tag();
    }

    public record Equals(String tag, String value) implements Predicate {
    }

    public record NotEquals(String tag, String value) implements Predicate {
    }

    public record In(String tag, Set<String> values) implements Predicate {
    }

    public record NotIn(String tag, Set<String> values) implements Predicate {
    }

    /** The whole tag value must match the regular expression (Java syntax). */
    public record Matches(String tag, Pattern pattern) implements Predicate {
    }

    private static final TagFilter ALL = new TagFilter(List.of());
    private final List<Predicate> predicates;

    private TagFilter(List<Predicate> predicates) {
        this.predicates = predicates;
    }

    /** Matches every series. */
    public static TagFilter all() {
        return ALL;
    }

    /** Shorthand for {@code all().andEquals(tag, value)}. */
    public static TagFilter eq(String tag, String value) {
        return ALL.andEquals(tag, value);
    }

    public TagFilter and(Predicate p) {
        List<Predicate> l = new ArrayList<>(predicates);
        l.add(Objects.requireNonNull(p));
        return new TagFilter(Collections.unmodifiableList(l));
    }

    public TagFilter andEquals(String tag, String value) {
        return and(new Equals(tag, value));
    }

    public TagFilter andNotEquals(String tag, String value) {
        return and(new NotEquals(tag, value));
    }

    public TagFilter andIn(String tag, Set<String> values) {
        return and(new In(tag, Set.copyOf(values)));
    }

    public TagFilter andMatches(String tag, String regex) {
        return and(new Matches(tag, Pattern.compile(regex)));
    }

    public List<Predicate> predicates() {
        return predicates;
    }

    public boolean isAll() {
        return predicates.isEmpty();
    }

    @Override
    public String toString() {
        return predicates.isEmpty() ? "all" : predicates.toString();
    }
}
