package dev.sundial.tier;

import java.util.Locale;

/** A storage tier (see the package comment for what each one holds). */
public enum Tier {
    HOT, WARM, COLD;

    /** Lowercase name, as {@code sundial stats} and DESCRIBE print it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
