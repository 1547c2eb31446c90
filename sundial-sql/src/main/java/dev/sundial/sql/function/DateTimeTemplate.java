package dev.sundial.sql.function;

import dev.sundial.QueryException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A PostgreSQL date/time template ({@code 'YYYY-MM-DD HH24:MI:SS'}), compiled once, for
 * {@code to_char(timestamp, template)} and {@code to_timestamp(text, template)}. Timestamps are read
 * and written in UTC (TZ prints {@code UTC}, OF and TZH {@code +00}). Patterns: {@code HH HH12 HH24
 * MI SS MS US FF1…FF6 SSSS SSSSS AM PM A.M. P.M. Y,YYY YYYY YYY YY Y IYYY IYY IY I BC AD B.C. A.D.
 * MONTH Month month MON Mon mon MM DAY Day day DY Dy dy DDD IDDD DD D ID W WW IW CC J Q RM rm TZ tz
 * TZH TZM OF}, upper or lower case; modifiers {@code FM} (no padding), {@code TM} (ignored: names
 * are English), {@code FX} (exact separators when parsing) and the suffix {@code TH}/{@code th}
 * (ordinal); {@code "text"} is literal and {@code \"} a quote; any other character is copied
 * (to_char) or skipped (to_timestamp), as in PostgreSQL.
 *
 * <p>Immutable and thread-safe.
 */
public final class DateTimeTemplate {
    /** Longest first within each initial, as PostgreSQL's keyword table is searched. */
    private static final String[] KEYWORDS = {
        "A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD", "DY", "D", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6",
        "FX", "HH24", "HH12", "HH", "IDDD", "ID", "IW", "IYYY", "IYY", "IY", "I", "J", "MI", "MM", "MONTH", "MON", "MS", "OF",
        "P.M.", "PM", "Q", "RM", "SSSSS", "SSSS", "SS", "TZH", "TZM", "TZ", "US", "WW", "W", "Y,YYY", "YYYY", "YYY", "YY", "Y",
    };
    private static final String[] ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
    private static final long NANOS = 1_000_000_000L;
    /** Julian day number of 1970-01-01. */
    private static final long JULIAN_EPOCH = 2_440_588L;

    /** Case of a name pattern as written: MONTH, Month or month. */
    private enum Case { UPPER, CAPITALIZED, LOWER }

    /** One element of the template: a pattern (keyword non-null) or literal text. */
    private record Node(String keyword, Case letterCase, boolean fillMode, String suffix, String text, boolean quoted) {
        boolean isPattern() {
            return keyword != null;
        }

        boolean isNumeric() {
            return keyword != null && switch (keyword) {
                case "A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "P.M.", "PM", "DAY", "DY", "MONTH", "MON", "RM", "TZ", "OF", "TZH" -> false;
                default -> true;
            };
        }
    }

    private final String template;
    private final List<Node> nodes;
    private final boolean exact;

    private DateTimeTemplate(String template, List<Node> nodes, boolean exact) {
        this.template = template;
        this.nodes = nodes;
        this.exact = exact;
    }

    public String template() {
        return template;
    }

    /** Compiles a template; never fails (unknown text is literal, as in PostgreSQL). */
    public static DateTimeTemplate compile(String template) {
        List<Node> nodes = new ArrayList<>();
        boolean exact = false;
        int i = 0;
        int n = template.length();
        while (i < n) {
            char c = template.charAt(i);
            if (c == '"') {
                StringBuilder lit = new StringBuilder();
                i++;
                while (i < n && template.charAt(i) != '"') {
                    if (template.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    lit.append(template.charAt(i++));
                }
                i++; // the closing quote (or the end)
                nodes.add(new Node(null, null, false, null, lit.toString(), true));
                continue;
            }
            if (c == '\\' && i + 1 < n && template.charAt(i + 1) == '"') {
                nodes.add(new Node(null, null, false, null, "\"", false));
                i += 2;
                continue;
            }
            boolean fill = false;
            int j = i;
            // prefixes: FM (fill mode), TM (translation, a no-op here); FX only at the very start
            while (true) {
                if (template.regionMatches(true, j, "FM", 0, 2)) {
                    fill = true;
                    j += 2;
                } else if (template.regionMatches(true, j, "TM", 0, 2)) {
                    j += 2;
                } else {
                    break;
                }
            }
            String keyword = null;
            for (String k : KEYWORDS) {
                if (template.regionMatches(true, j, k, 0, k.length())) {
                    keyword = k;
                    break;
                }
            }
            if (keyword == null) {
                nodes.add(new Node(null, null, false, null, template.substring(i, j == i ? i + 1 : j), false));
                i = j == i ? i + 1 : j;
                continue;
            }
            String written = template.substring(j, j + keyword.length());
            j += keyword.length();
            if (keyword.equals("FX")) {
                exact |= nodes.isEmpty();
                i = j;
                continue;
            }
            String suffix = null;
            if (template.regionMatches(j, "TH", 0, 2) || template.regionMatches(j, "th", 0, 2)) {
                suffix = template.substring(j, j + 2);
                j += 2;
            }
            nodes.add(new Node(keyword, caseOf(written), fill, suffix, null, false));
            i = j;
        }
        return new DateTimeTemplate(template, List.copyOf(nodes), exact);
    }

    private static Case caseOf(String written) {
        char first = written.charAt(0);
        if (Character.isLowerCase(first)) {
            return Case.LOWER;
        }
        for (int k = 1; k < written.length(); k++) {
            if (Character.isLowerCase(written.charAt(k))) {
                return Case.CAPITALIZED;
            }
        }
        return Case.UPPER;
    }

    // ------------------------------------------------------------------ to_char

    /** {@code to_char(ts, template)} of epoch nanoseconds, read in UTC. */
    public String format(long nanos) {
        return format(nanos, null);
    }

    /**
     * {@code to_char(ts, template)} of epoch nanoseconds, read in {@code zone} (the session time
     * zone; null: UTC): the fields are the zone's wall-clock time, TZ its abbreviation, OF/TZH/TZM
     * its offset at that instant, as PostgreSQL prints a timestamptz.
     */
    public String format(long nanos, java.time.ZoneId zone) {
        int offset = 0;
        String abbreviation = "UTC";
        if (zone != null) {
            java.time.Instant at = java.time.Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS));
            offset = zone.getRules().getOffset(at).getTotalSeconds();
            nanos = Math.addExact(nanos, offset * NANOS);
            // the English abbreviation (CEST, EST); a zone without one prints its offset, as PostgreSQL does
            abbreviation = java.time.format.DateTimeFormatter.ofPattern("zzz", Locale.US).withZone(zone).format(at);
            if (abbreviation.startsWith("GMT+") || abbreviation.startsWith("GMT-")) {
                abbreviation = offsetText(offset);
            }
        }
        long micros = Math.floorDiv(nanos, 1000L); // PostgreSQL's timestamps hold microseconds
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            if (!node.isPattern()) {
                out.append(node.text());
                continue;
            }
            boolean fm = node.fillMode();
            int year = t.getYear();
            int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
            int micro = t.getNano() / 1000;
            long value;
            switch (node.keyword()) {
                case "HH", "HH12" -> value = num(out, hour12, 2, fm);
                case "HH24" -> value = num(out, t.getHour(), 2, fm);
                case "MI" -> value = num(out, t.getMinute(), 2, fm);
                case "SS" -> value = num(out, t.getSecond(), 2, fm);
                case "MS" -> value = num(out, micro / 1000, 3, fm);
                case "US" -> value = num(out, micro, 6, fm);
                case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6" -> {
                    int digits = node.keyword().charAt(2) - '0';
                    value = num(out, micro / (int) Math.pow(10, 6 - digits), digits, fm);
                }
                case "SSSS", "SSSSS" -> value = num(out, t.toLocalTime().toSecondOfDay(), 1, true);
                case "AM", "PM" -> value = text(out, t.getHour() < 12 ? "AM" : "PM", node.letterCase());
                case "A.M.", "P.M." -> value = text(out, t.getHour() < 12 ? "A.M." : "P.M.", node.letterCase());
                case "AD", "BC" -> value = text(out, year > 0 ? "AD" : "BC", node.letterCase());
                case "A.D.", "B.C." -> value = text(out, year > 0 ? "A.D." : "B.C.", node.letterCase());
                case "Y,YYY" -> {
                    String digits = String.format(Locale.ROOT, "%04d", year);
                    out.append(digits, 0, digits.length() - 3).append(',').append(digits, digits.length() - 3, digits.length());
                    value = year;
                }
                case "YYYY" -> value = num(out, year, 4, fm);
                case "YYY" -> value = num(out, year % 1000, 3, fm);
                case "YY" -> value = num(out, year % 100, 2, fm);
                case "Y" -> value = num(out, year % 10, 1, fm);
                case "IYYY" -> value = num(out, t.get(IsoFields.WEEK_BASED_YEAR), 4, fm);
                case "IYY" -> value = num(out, t.get(IsoFields.WEEK_BASED_YEAR) % 1000, 3, fm);
                case "IY" -> value = num(out, t.get(IsoFields.WEEK_BASED_YEAR) % 100, 2, fm);
                case "I" -> value = num(out, t.get(IsoFields.WEEK_BASED_YEAR) % 10, 1, fm);
                case "MONTH" -> value = name(out, t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH), node.letterCase(), fm ? 0 : 9);
                case "MON" -> value = name(out, t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), node.letterCase(), 0);
                case "MM" -> value = num(out, t.getMonthValue(), 2, fm);
                case "DAY" -> value = name(out, t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH), node.letterCase(), fm ? 0 : 9);
                case "DY" -> value = name(out, t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH), node.letterCase(), 0);
                case "DDD" -> value = num(out, t.getDayOfYear(), 3, fm);
                case "IDDD" -> {
                    LocalDate isoStart = t.toLocalDate().with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, 1).with(DayOfWeek.MONDAY);
                    value = num(out, ChronoUnit.DAYS.between(isoStart, t.toLocalDate()) + 1, 3, fm);
                }
                case "DD" -> value = num(out, t.getDayOfMonth(), 2, fm);
                case "D" -> value = num(out, t.getDayOfWeek().getValue() % 7 + 1, 1, fm);
                case "ID" -> value = num(out, t.getDayOfWeek().getValue(), 1, fm);
                case "W" -> value = num(out, (t.getDayOfMonth() - 1) / 7 + 1, 1, fm);
                case "WW" -> value = num(out, (t.getDayOfYear() - 1) / 7 + 1, 2, fm);
                case "IW" -> value = num(out, t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, fm);
                case "CC" -> value = num(out, year > 0 ? (year + 99) / 100 : -((99 - year) / 100), 2, fm);
                case "J" -> value = num(out, t.toLocalDate().toEpochDay() + JULIAN_EPOCH, 1, true);
                case "Q" -> value = num(out, (t.getMonthValue() + 2) / 3, 1, true);
                case "RM" -> {
                    String r = ROMAN[t.getMonthValue() - 1];
                    out.append(node.letterCase() == Case.LOWER ? r.toLowerCase(Locale.ROOT) : r);
                    if (!fm) {
                        out.append(" ".repeat(4 - r.length()));
                    }
                    value = t.getMonthValue();
                }
                case "TZ" -> value = text(out, abbreviation.toUpperCase(Locale.ROOT), node.letterCase());
                case "TZH" -> value = text(out, (offset < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(offset) / 3600), Case.UPPER);
                case "OF" -> value = text(out, offsetText(offset), Case.UPPER);
                case "TZM" -> value = num(out, Math.abs(offset) / 60 % 60, 2, fm);
                default -> throw new IllegalStateException("BUG: template pattern " + node.keyword());
            }
            if (node.suffix() != null && node.isNumeric()) {
                String s = ordinal(value);
                out.append(node.suffix().equals("TH") ? s.toUpperCase(Locale.ROOT) : s);
            }
        }
        return out.toString();
    }

    private static long num(StringBuilder out, long v, int width, boolean fillMode) {
        String digits = Long.toString(Math.abs(v));
        if (v < 0) {
            out.append('-');
        }
        if (!fillMode && digits.length() < width) {
            out.append("0".repeat(width - digits.length()));
        }
        out.append(digits);
        return v;
    }

    /** PostgreSQL's OF: +HH, or +HH:MM when the offset has minutes. */
    private static String offsetText(int offset) {
        int a = Math.abs(offset);
        String hh = (offset < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", a / 3600);
        return a % 3600 == 0 ? hh : hh + String.format(Locale.ROOT, ":%02d", a / 60 % 60);
    }

    private static long text(StringBuilder out, String upper, Case c) {
        out.append(c == Case.LOWER ? upper.toLowerCase(Locale.ROOT) : upper);
        return 0;
    }

    private static long name(StringBuilder out, String english, Case c, int width) {
        String s = switch (c) {
            case UPPER -> english.toUpperCase(Locale.ROOT);
            case LOWER -> english.toLowerCase(Locale.ROOT);
            case CAPITALIZED -> english;
        };
        out.append(s);
        if (s.length() < width) {
            out.append(" ".repeat(width - s.length()));
        }
        return 0;
    }

    private static String ordinal(long v) {
        long a = Math.abs(v);
        if (a % 100 >= 11 && a % 100 <= 13) {
            return "th";
        }
        return switch ((int) (a % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    // ------------------------------------------------------------------ to_timestamp

    /**
     * {@code to_timestamp(text, template)}: the UTC instant the text describes, as epoch
     * nanoseconds. Missing fields default to the start of their range (January, day 1, 00:00);
     * text after the template's end is ignored, as in PostgreSQL. A text that does not fit is an
     * error naming the character position.
     */
    public long parse(String text) {
        return parse(text, null);
    }

    /**
     * {@code to_timestamp(text, template)} in {@code zone} (the session time zone; null: UTC): a
     * text without a TZ/OF/TZH field is that zone's wall-clock time, as in PostgreSQL (a skipped
     * or repeated local time resolved as {@link ZoneTimes#instantOf}).
     */
    public long parse(String text, java.time.ZoneId zone) {
        Parsed p = new Parsed();
        p.zone = zone;
        int pos = 0;
        int len = text.length();
        if (!exact) {
            pos = skipSpaces(text, pos);
        }
        for (int k = 0; k < nodes.size(); k++) {
            Node node = nodes.get(k);
            if (!node.isPattern()) {
                pos = literal(text, pos, node);
                continue;
            }
            if (!exact) {
                pos = skipSpaces(text, pos);
            }
            if (pos >= len) {
                break; // the text ended: the remaining fields keep their defaults
            }
            Node next = k + 1 < nodes.size() ? nodes.get(k + 1) : null;
            boolean bounded = exact || (next != null && next.isPattern());
            pos = field(text, pos, node, bounded, p);
            if (node.suffix() != null && pos + 2 <= len && Character.isLetter(text.charAt(pos))) {
                pos += 2; // 1st, 2ND, …
            }
        }
        return p.toNanos(this, text);
    }

    private static int skipSpaces(String text, int pos) {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static boolean isSeparator(char c) {
        return !Character.isLetterOrDigit(c);
    }

    /** Literal template text: quoted text skips as many characters; a separator matches one, spaces or none. */
    private int literal(String text, int pos, Node node) {
        String lit = node.text();
        if (node.quoted()) {
            return Math.min(text.length(), pos + lit.length());
        }
        for (int i = 0; i < lit.length(); i++) {
            char c = lit.charAt(i);
            if (pos >= text.length()) {
                return pos;
            }
            if (exact) {
                if (isSeparator(c) && text.charAt(pos) != c) {
                    throw mismatch(text, pos, "'" + c + "'");
                }
                pos++;
            } else if (isSeparator(c)) {
                if (Character.isWhitespace(text.charAt(pos))) {
                    pos = skipSpaces(text, pos);
                } else if (isSeparator(text.charAt(pos))) {
                    pos++;
                }
            } else {
                pos++; // a letter or digit of the template skips one character
            }
        }
        return pos;
    }

    private int field(String text, int pos, Node node, boolean bounded, Parsed p) {
        String k = node.keyword();
        switch (k) {
            case "YYYY", "IYYY" -> {
                int[] r = digits(text, pos, bounded ? 4 : 9, k);
                p.year = r[0];
                return r[1];
            }
            case "YYY", "YY", "Y", "IYY", "IY", "I" -> {
                int width = k.replace("I", "Y").length();
                int[] r = digits(text, pos, width, k);
                int got = r[1] - pos;
                p.year = adjustYear(r[0], got);
                return r[1];
            }
            case "Y,YYY" -> {
                int[] a = digits(text, pos, 9, k);
                if (a[1] >= text.length() || text.charAt(a[1]) != ',') {
                    throw mismatch(text, a[1], "',' of Y,YYY");
                }
                int[] b = digits(text, a[1] + 1, 3, k);
                p.year = a[0] * 1000 + b[0];
                return b[1];
            }
            case "CC" -> {
                int[] r = digits(text, pos, bounded ? 2 : 9, k);
                p.century = r[0];
                return r[1];
            }
            case "MM" -> {
                int[] r = digits(text, pos, 2, k);
                p.month = range(text, pos, r[0], 1, 12, "month");
                return r[1];
            }
            case "MONTH", "MON" -> {
                for (Month m : Month.values()) {
                    for (String name : new String[] {m.getDisplayName(TextStyle.FULL, Locale.ENGLISH),
                        m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)}) {
                        if (k.equals("MON") && name.length() > 3) {
                            continue;
                        }
                        if (text.regionMatches(true, pos, name, 0, name.length())) {
                            p.month = m.getValue();
                            return pos + name.length();
                        }
                    }
                }
                throw mismatch(text, pos, "a month name for " + k);
            }
            case "DAY", "DY" -> {
                for (DayOfWeek d : DayOfWeek.values()) {
                    String name = d.getDisplayName(k.equals("DAY") ? TextStyle.FULL : TextStyle.SHORT, Locale.ENGLISH);
                    if (text.regionMatches(true, pos, name, 0, name.length())) {
                        return pos + name.length(); // read and ignored, as in PostgreSQL
                    }
                }
                throw mismatch(text, pos, "a day name for " + k);
            }
            case "DD" -> {
                int[] r = digits(text, pos, 2, k);
                p.day = range(text, pos, r[0], 1, 31, "day");
                return r[1];
            }
            case "DDD", "IDDD" -> {
                int[] r = digits(text, pos, 3, k);
                p.dayOfYear = range(text, pos, r[0], 1, 366, "day of the year");
                return r[1];
            }
            case "D", "ID", "Q", "W", "WW", "IW" -> {
                int[] r = digits(text, pos, k.length() == 2 ? 2 : 1, k);
                return r[1]; // read and ignored, as PostgreSQL ignores them next to a full date
            }
            case "HH", "HH12" -> {
                int[] r = digits(text, pos, 2, k);
                if (r[0] < 1 || r[0] > 12) {
                    throw fieldError(text, pos, "hour \"" + r[0] + "\" is invalid for the 12-hour clock (use HH24 for 0-23)");
                }
                p.hour = r[0];
                p.twelveHour = true;
                return r[1];
            }
            case "HH24" -> {
                int[] r = digits(text, pos, 2, k);
                p.hour = range(text, pos, r[0], 0, 23, "hour");
                return r[1];
            }
            case "MI" -> {
                int[] r = digits(text, pos, 2, k);
                p.minute = range(text, pos, r[0], 0, 59, "minute");
                return r[1];
            }
            case "SS" -> {
                int[] r = digits(text, pos, 2, k);
                p.second = range(text, pos, r[0], 0, 59, "second");
                return r[1];
            }
            case "SSSS", "SSSSS" -> {
                int[] r = digits(text, pos, 5, k);
                p.secondOfDay = range(text, pos, r[0], 0, 86_399, "second of the day");
                return r[1];
            }
            case "MS", "US", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6" -> {
                int max = switch (k) {
                    case "MS" -> 3;
                    case "US" -> 6;
                    default -> k.charAt(2) - '0';
                };
                int[] r = digits(text, pos, max, k);
                int got = r[1] - pos;
                // MS and US are the fraction's digits: '5' is 500 ms in 'SS.MS' as PostgreSQL reads it
                long nanos = r[0] * (long) Math.pow(10, 9 - got);
                p.fractionNanos = nanos;
                return r[1];
            }
            case "AM", "PM", "A.M.", "P.M." -> {
                boolean dots = k.contains(".");
                String am = dots ? "A.M." : "AM";
                String pm = dots ? "P.M." : "PM";
                if (text.regionMatches(true, pos, am, 0, am.length())) {
                    p.pm = false;
                } else if (text.regionMatches(true, pos, pm, 0, pm.length())) {
                    p.pm = true;
                } else {
                    throw mismatch(text, pos, am + " or " + pm);
                }
                return pos + am.length();
            }
            case "AD", "BC", "A.D.", "B.C." -> {
                boolean dots = k.contains(".");
                String ad = dots ? "A.D." : "AD";
                String bc = dots ? "B.C." : "BC";
                if (text.regionMatches(true, pos, bc, 0, bc.length())) {
                    p.bc = true;
                } else if (!text.regionMatches(true, pos, ad, 0, ad.length())) {
                    throw mismatch(text, pos, ad + " or " + bc);
                }
                return pos + ad.length();
            }
            case "J" -> {
                int[] r = digits(text, pos, 9, k);
                p.julian = r[0];
                return r[1];
            }
            case "TZH", "OF" -> {
                int i = pos;
                int sign = 1;
                if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                    sign = text.charAt(i) == '-' ? -1 : 1;
                    i++;
                } else if (i < text.length() && text.charAt(i) == ' ') {
                    i++;
                }
                int[] h = digits(text, i, 2, k);
                i = h[1];
                int minutes = 0;
                if (k.equals("OF") && i + 1 < text.length() && text.charAt(i) == ':') {
                    int[] m = digits(text, i + 1, 2, k);
                    minutes = m[0];
                    i = m[1];
                }
                p.offsetSeconds = sign * (h[0] * 3600 + minutes * 60);
                p.offsetSign = sign;
                p.explicitOffset = true;
                return i;
            }
            case "TZM" -> {
                int[] r = digits(text, pos, 2, k);
                p.offsetSeconds += (p.offsetSign < 0 ? -1 : 1) * r[0] * 60;
                return r[1];
            }
            case "TZ" -> {
                for (String z : new String[] {"UTC", "GMT", "Z"}) {
                    if (text.regionMatches(true, pos, z, 0, z.length())) {
                        p.explicitOffset = true;
                        return pos + z.length();
                    }
                }
                throw mismatch(text, pos, "the time zone UTC (TZ reads only UTC, GMT or Z; use OF for an offset)");
            }
            case "RM" -> {
                for (int m = 12; m >= 1; m--) {
                    String r = ROMAN[m - 1];
                    if (text.regionMatches(true, pos, r, 0, r.length())) {
                        p.month = m;
                        return pos + r.length();
                    }
                }
                throw mismatch(text, pos, "a roman month for RM");
            }
            default -> throw new IllegalStateException("BUG: template pattern " + k);
        }
    }

    /** PostgreSQL's reading of a year of fewer than 4 digits: the one nearest 2020. */
    private static int adjustYear(int y, int digits) {
        return switch (digits) {
            case 1 -> y + 2020;
            case 2 -> y < 70 ? y + 2000 : y + 1900;
            case 3 -> y < 100 ? y + 2000 : y + 1000;
            default -> y;
        };
    }

    /** Up to {@code max} digits at {@code pos}: {value, position after}; at least one digit is required. */
    private int[] digits(String text, int pos, int max, String pattern) {
        int i = pos;
        long v = 0;
        while (i < text.length() && i - pos < max && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            v = v * 10 + (text.charAt(i) - '0');
            i++;
        }
        if (i == pos) {
            throw mismatch(text, pos, "digits for " + pattern);
        }
        return new int[] {(int) v, i};
    }

    private int range(String text, int pos, int v, int min, int max, String what) {
        if (v < min || v > max) {
            throw fieldError(text, pos, what + " " + v + " is out of range (" + min + "-" + max + ")");
        }
        return v;
    }

    private QueryException mismatch(String text, int pos, String expected) {
        String found = pos >= text.length() ? "the end of the text" : "'" + text.substring(pos, Math.min(text.length(), pos + 10)) + "'";
        return fieldError(text, pos, "expected " + expected + " but found " + found);
    }

    private QueryException fieldError(String text, int pos, String reason) {
        return new QueryException("cannot parse '" + text + "' with format '" + template + "' at character " + (pos + 1) + ": " + reason);
    }

    /** Fields read so far. */
    private static final class Parsed {
        Integer year;
        Integer century;
        Integer month;
        Integer day;
        Integer dayOfYear;
        Integer julian;
        int hour;
        boolean twelveHour;
        Boolean pm;
        int minute;
        int second;
        Integer secondOfDay;
        long fractionNanos;
        boolean bc;
        int offsetSeconds;
        int offsetSign = 1;
        boolean explicitOffset;
        java.time.ZoneId zone;

        long toNanos(DateTimeTemplate t, String text) {
            LocalDate date;
            try {
                if (julian != null) {
                    date = LocalDate.ofEpochDay(julian - JULIAN_EPOCH);
                } else {
                    int y;
                    if (year != null) {
                        y = year;
                    } else if (century != null) {
                        y = (century - 1) * 100 + 1; // the first year of the century, as PostgreSQL
                    } else {
                        throw new QueryException("cannot parse '" + text + "' with format '" + t.template
                                + "': it has no year, and a TIMESTAMP needs one within 1678-2261");
                    }
                    if (bc) {
                        y = 1 - y;
                    }
                    if (dayOfYear != null && month == null && day == null) {
                        date = LocalDate.ofYearDay(y, dayOfYear);
                    } else {
                        date = LocalDate.of(y, month == null ? 1 : month, day == null ? 1 : day);
                    }
                }
            } catch (java.time.DateTimeException e) {
                throw new QueryException("cannot parse '" + text + "' with format '" + t.template
                        + "': date/time field value out of range (" + e.getMessage() + ")");
            }
            int h = hour;
            if (twelveHour || pm != null) {
                if (pm != null && pm && h < 12) {
                    h += 12;
                } else if (pm != null && !pm && h == 12) {
                    h = 0;
                }
            }
            long secondsOfDay = secondOfDay != null ? secondOfDay : h * 3600L + minute * 60L + second;
            long epochSecond = date.toEpochDay() * 86_400L + secondsOfDay - offsetSeconds;
            // the range of a Sundial TIMESTAMP: 1677-09-21 … 2262-04-11 in epoch nanoseconds
            if (epochSecond < -9_223_372_036L || epochSecond > 9_223_372_035L) {
                throw new QueryException("cannot parse '" + text + "' with format '" + t.template + "': " + date
                        + " is out of range for TIMESTAMP (1678-2261)");
            }
            long nanos = epochSecond * NANOS + fractionNanos;
            return zone == null || explicitOffset ? nanos : ZoneTimes.instantOf(zone.getRules(), nanos);
        }
    }
}
