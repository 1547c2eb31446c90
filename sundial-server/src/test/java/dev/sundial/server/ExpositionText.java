package dev.sundial.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), written from the format's
 * specification for the tests: it fails (AssertionError naming the line) on a sample line that is
 * not {@code name{labels} value}, a sample of a family without HELP and TYPE before it, a series
 * given twice, and a histogram whose buckets are not cumulative or whose +Inf bucket is not its count.
 */
final class ExpositionText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern VALUE = Pattern.compile("[-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf)|NaN");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: metric name, labels (sorted), value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    final Map<String, String> help = new HashMap<>();
    final Map<String, String> type = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static ExpositionText parse(String text) {
        ExpositionText t = new ExpositionText();
        Set<String> seen = new HashSet<>();
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the exposition text does not end with a line feed");
        }
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int no = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                t.comment(line, no);
                continue;
            }
            Sample s = sample(line, no);
            String family = t.familyOf(s.name());
            if (family == null) {
                throw new AssertionError("line " + no + ": sample " + s.name() + " has no TYPE before it: " + line);
            }
            if (!t.help.containsKey(family)) {
                throw new AssertionError("line " + no + ": family " + family + " has no HELP before its samples");
            }
            if (!seen.add(s.name() + s.labels())) {
                throw new AssertionError("line " + no + ": series given twice: " + line);
            }
            t.samples.add(s);
        }
        t.checkHistograms();
        return t;
    }

    private void comment(String line, int no) {
        String[] parts = line.split(" ", 4);
        if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
            if (!NAME.matcher(parts[2]).matches()) {
                throw new AssertionError("line " + no + ": bad metric name in " + line);
            }
            if (parts[1].equals("HELP")) {
                if (parts.length < 4 || parts[3].isBlank()) {
                    throw new AssertionError("line " + no + ": empty HELP: " + line);
                }
                help.put(parts[2], parts[3]);
            } else {
                if (parts.length != 4 || !TYPES.contains(parts[3])) {
                    throw new AssertionError("line " + no + ": bad TYPE: " + line);
                }
                if (type.put(parts[2], parts[3]) != null) {
                    throw new AssertionError("line " + no + ": second TYPE for " + parts[2]);
                }
            }
        }
    }

    /** The family a sample name belongs to (histograms: name_bucket, name_count, name_sum), or null. */
    private String familyOf(String name) {
        if (type.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String ty = type.get(base);
                if ("histogram".equals(ty) || ("summary".equals(ty) && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return null;
    }

    private static Sample sample(String line, int no) {
        Matcher m = NAME.matcher(line);
        if (!m.lookingAt()) {
            throw new AssertionError("line " + no + ": no metric name: " + line);
        }
        String name = m.group();
        int at = m.end();
        Map<String, String> labels = new TreeMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at = labels(line, at + 1, labels, no);
        }
        if (at >= line.length() || line.charAt(at) != ' ') {
            throw new AssertionError("line " + no + ": expected a space before the value: " + line);
        }
        String[] rest = line.substring(at + 1).split(" ");
        if (rest.length > 2 || !VALUE.matcher(rest[0]).matches() || (rest.length == 2 && !rest[1].matches("-?[0-9]+"))) {
            throw new AssertionError("line " + no + ": expected 'value [timestamp]' after the labels: " + line);
        }
        String v = rest[0];
        double value = v.endsWith("Inf") ? (v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                : Double.parseDouble(v);
        return new Sample(name, labels, value);
    }

    /** Reads {@code a="x",b="y"}} from {@code at}; returns the index after the closing brace. */
    private static int labels(String line, int at, Map<String, String> out, int no) {
        while (true) {
            if (at < line.length() && line.charAt(at) == '}') {
                return at + 1;
            }
            Matcher m = LABEL_NAME.matcher(line).region(at, line.length());
            if (!m.lookingAt() || m.end() + 1 >= line.length() || line.charAt(m.end()) != '=' || line.charAt(m.end() + 1) != '"') {
                throw new AssertionError("line " + no + ": bad label at column " + (at + 1) + ": " + line);
            }
            String label = m.group();
            StringBuilder value = new StringBuilder();
            int i = m.end() + 2;
            for (; i < line.length() && line.charAt(i) != '"'; i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    char e = line.charAt(++i);
                    value.append(e == 'n' ? '\n' : e);
                } else {
                    value.append(c);
                }
            }
            if (i >= line.length()) {
                throw new AssertionError("line " + no + ": unterminated label value: " + line);
            }
            if (out.put(label, value.toString()) != null) {
                throw new AssertionError("line " + no + ": label " + label + " given twice: " + line);
            }
            at = i + 1;
            if (at < line.length() && line.charAt(at) == ',') {
                at++;
            }
        }
    }

    private void checkHistograms() {
        Map<String, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (s.name().endsWith("_bucket")) {
                Map<String, String> rest = new TreeMap<>(s.labels());
                String le = rest.remove("le");
                if (le == null) {
                    throw new AssertionError("bucket without le: " + s);
                }
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.computeIfAbsent(s.name().replaceAll("_bucket$", "") + rest, k -> new TreeMap<>()).put(bound, s.value());
            }
        }
        for (Map.Entry<String, TreeMap<Double, Double>> h : buckets.entrySet()) {
            double previous = 0;
            for (double c : h.getValue().values()) {
                if (c < previous) {
                    throw new AssertionError("histogram " + h.getKey() + ": buckets are not cumulative: " + h.getValue());
                }
                previous = c;
            }
            if (!h.getValue().containsKey(Double.POSITIVE_INFINITY)) {
                throw new AssertionError("histogram " + h.getKey() + " has no +Inf bucket");
            }
        }
        for (Sample s : samples) {
            if (s.name().endsWith("_count") && "histogram".equals(type.get(s.name().replaceAll("_count$", "")))) {
                TreeMap<Double, Double> b = buckets.get(s.name().replaceAll("_count$", "") + s.labels());
                if (b == null || b.get(Double.POSITIVE_INFINITY) != s.value()) {
                    throw new AssertionError("histogram " + s.name() + s.labels() + ": +Inf bucket " + (b == null ? null
                            : b.get(Double.POSITIVE_INFINITY)) + " differs from the count " + s.value());
                }
            }
        }
    }

    /** The value of the series with exactly these labels ({@code "name", "value", …}); fails when absent. */
    double value(String name, String... labelPairs) {
        Map<String, String> want = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            want.put(labelPairs[i], labelPairs[i + 1]);
        }
        for (Sample s : samples) {
            if (s.name().equals(name) && s.labels().equals(want)) {
                return s.value();
            }
        }
        throw new AssertionError("no series " + name + want + " in the scrape; " + name + " has "
                + samples.stream().filter(s -> s.name().equals(name)).map(Sample::labels).toList());
    }

    /** The sum over the series of {@code name} whose labels include these ({@code "name", "value", …}). */
    double sum(String name, String... labelPairs) {
        double total = 0;
        for (Sample s : samples) {
            boolean match = s.name().equals(name);
            for (int i = 0; match && i < labelPairs.length; i += 2) {
                match = labelPairs[i + 1].equals(s.labels().get(labelPairs[i]));
            }
            if (match) {
                total += s.value();
            }
        }
        return total;
    }

    /** Every label value of every series. */
    Set<String> labelValues() {
        Set<String> out = new HashSet<>();
        for (Sample s : samples) {
            out.addAll(s.labels().values());
        }
        return out;
    }
}
