package dev.sundial.sql.function;

import dev.sundial.QueryException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A PostgreSQL numeric template for {@code to_char(number, template)}, compiled once: {@code 9}
 * (a digit, blank when a leading zero), {@code 0} (a digit, zero when leading), {@code .} and
 * {@code D} (decimal point), {@code ,} and {@code G} (group separator, blank before the first
 * digit), {@code S} (sign, + or -), {@code MI} ({@code -} or blank), {@code PL} ({@code +} or
 * blank), {@code SG} (+ or -), {@code FM} (no padding, no trailing zeros of 9s), {@code "text"};
 * other characters are copied. Without a sign pattern a {@code -} or a blank goes just before the
 * first digit. The value is rounded half away from zero to the template's decimals; one too long
 * for the template's digits prints {@code #} in every digit position. PostgreSQL's {@code PR},
 * {@code L}, {@code RN}, {@code V}, {@code EEEE} and {@code TH} are refused as unsupported.
 *
 * <p>Immutable and thread-safe.
 */
public final class NumberTemplate {
    private enum Kind { NINE, ZERO, POINT, GROUP, SIGN, MINUS, PLUS, SIGN_ALWAYS, TEXT }

    private record Item(Kind kind, String text) {
    }

    private final String template;
    private final List<Item> items;
    private final boolean fillMode;
    private final int intDigits;
    private final int fracDigits;
    private final boolean hasPoint;
    private final boolean explicitSign;

    private NumberTemplate(String template, List<Item> items, boolean fillMode) {
        this.template = template;
        this.items = items;
        this.fillMode = fillMode;
        int before = 0;
        int after = 0;
        boolean point = false;
        boolean sign = false;
        for (Item it : items) {
            switch (it.kind) {
                case NINE, ZERO -> {
                    if (point) {
                        after++;
                    } else {
                        before++;
                    }
                }
                case POINT -> point = true;
                case SIGN, MINUS, PLUS, SIGN_ALWAYS -> sign = true;
                default -> {
                }
            }
        }
        this.intDigits = before;
        this.fracDigits = after;
        this.hasPoint = point;
        this.explicitSign = sign;
    }

    /** Compiles {@code template}; an unsupported pattern or a second decimal point is an error. */
    public static NumberTemplate compile(String template) {
        List<Item> items = new ArrayList<>();
        boolean fill = false;
        boolean point = false;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            String rest = template.substring(i).toUpperCase(Locale.ROOT);
            if (c == '"') {
                int end = template.indexOf('"', i + 1);
                end = end < 0 ? template.length() : end;
                items.add(new Item(Kind.TEXT, template.substring(i + 1, end)));
                i = end + 1;
                continue;
            }
            if (rest.startsWith("FM")) {
                fill = true;
                i += 2;
                continue;
            }
            for (String unsupported : new String[] {"EEEE", "PR", "RN", "TH", "L", "V"}) {
                if (rest.startsWith(unsupported)) {
                    throw new QueryException("cannot use the number format '" + template + "': the pattern " + unsupported
                            + " is not supported (9 0 . D , G S MI PL SG FM are)");
                }
            }
            Kind k;
            int width = 1;
            if (rest.startsWith("MI")) {
                k = Kind.MINUS;
                width = 2;
            } else if (rest.startsWith("PL")) {
                k = Kind.PLUS;
                width = 2;
            } else if (rest.startsWith("SG")) {
                k = Kind.SIGN_ALWAYS;
                width = 2;
            } else {
                k = switch (Character.toUpperCase(c)) {
                    case '9' -> Kind.NINE;
                    case '0' -> Kind.ZERO;
                    case '.', 'D' -> Kind.POINT;
                    case ',', 'G' -> Kind.GROUP;
                    case 'S' -> Kind.SIGN;
                    default -> Kind.TEXT;
                };
            }
            if (k == Kind.POINT) {
                if (point) {
                    throw new QueryException("cannot use the number format '" + template + "': multiple decimal points");
                }
                point = true;
            }
            items.add(new Item(k, template.substring(i, i + width)));
            i += width;
        }
        return new NumberTemplate(template, List.copyOf(items), fill);
    }

    /** {@code to_char(x, template)}. */
    public String format(double x) {
        boolean negative = x < 0;
        String intPart;
        String fracPart;
        boolean overflow;
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            intPart = "";
            fracPart = "";
            overflow = true;
        } else {
            BigDecimal v = new BigDecimal(Double.toString(Math.abs(x))).setScale(fracDigits, RoundingMode.HALF_UP);
            String plain = v.toPlainString();
            int dot = plain.indexOf('.');
            intPart = dot < 0 ? plain : plain.substring(0, dot);
            fracPart = dot < 0 ? "" : plain.substring(dot + 1);
            if (intPart.equals("0") && hasPoint) {
                intPart = "";
            }
            overflow = intPart.length() > intDigits;
            negative &= v.signum() != 0;
        }
        StringBuilder out = new StringBuilder();
        int digitIndex = 0; // digit positions seen before the point
        int fracIndex = 0;
        boolean afterPoint = false;
        boolean started = false; // a digit (or zero-fill) was printed
        boolean zeroFill = false;
        int lastKept = -1; // in fill mode: the end of the fraction kept
        int fracStart = -1;
        for (Item it : items) {
            switch (it.kind) {
                case NINE, ZERO -> {
                    if (afterPoint) {
                        char d = overflow ? '#' : fracIndex < fracPart.length() ? fracPart.charAt(fracIndex) : '0';
                        out.append(d);
                        fracIndex++;
                        if (!fillMode || it.kind == Kind.ZERO || d != '0') {
                            lastKept = out.length();
                        }
                        continue;
                    }
                    zeroFill |= it.kind == Kind.ZERO;
                    int fromRight = intDigits - digitIndex; // positions left including this one
                    digitIndex++;
                    if (overflow) {
                        out.append('#');
                        started = true;
                    } else if (fromRight <= intPart.length()) {
                        out.append(intPart.charAt(intPart.length() - fromRight));
                        started = true;
                    } else if (zeroFill) {
                        out.append('0');
                        started = true;
                    } else if (!fillMode) {
                        out.append(' ');
                    }
                }
                case POINT -> {
                    started = true;
                    afterPoint = true;
                    out.append('.');
                    fracStart = out.length();
                    lastKept = out.length();
                }
                case GROUP -> {
                    if (started && !afterPoint) {
                        out.append(',');
                    } else if (afterPoint) {
                        out.append(',');
                        lastKept = fillMode ? lastKept : out.length();
                    } else if (!fillMode) {
                        out.append(' ');
                    }
                }
                case SIGN -> {
                    if (started || digitIndex > 0) {
                        out.append(negative ? '-' : '+'); // a trailing S; a leading one is placed below
                    }
                }
                case MINUS -> out.append(negative ? "-" : fillMode ? "" : " ");
                case PLUS -> out.append(negative ? (fillMode ? "" : " ") : "+");
                case SIGN_ALWAYS -> out.append(negative ? '-' : '+');
                case TEXT -> out.append(it.text);
            }
        }
        if (fillMode && fracStart >= 0 && lastKept >= fracStart && lastKept < out.length()) {
            // drop the trailing zeros of 9 positions (FM), keeping text after the number
            int end = fracStart + fracDigitsWidth(out, fracStart);
            if (lastKept < end) {
                out.delete(lastKept, end);
            }
        }
        boolean leadingS = false;
        for (Item it : items) {
            if (it.kind == Kind.SIGN) {
                leadingS = itemsBeforeDigits(it);
                break;
            }
        }
        if (!explicitSign || leadingS) {
            String sign = negative ? "-" : leadingS ? "+" : fillMode ? "" : " ";
            int at = firstNumberChar(out);
            out.insert(at, sign);
        }
        return out.toString();
    }

    private int fracDigitsWidth(StringBuilder out, int fracStart) {
        int w = 0;
        while (fracStart + w < out.length() && (Character.isDigit(out.charAt(fracStart + w)) || out.charAt(fracStart + w) == ',')) {
            w++;
        }
        return w;
    }

    private boolean itemsBeforeDigits(Item sign) {
        for (Item it : items) {
            if (it == sign) {
                return true;
            }
            if (it.kind == Kind.NINE || it.kind == Kind.ZERO || it.kind == Kind.POINT) {
                return false;
            }
        }
        return false;
    }

    /** The index of the first digit, '#' or point after leading blanks and text. */
    private static int firstNumberChar(StringBuilder out) {
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (Character.isDigit(c) || c == '#' || c == '.') {
                return i;
            }
        }
        return out.length();
    }

    public String template() {
        return template;
    }
}
