package io.ferry.sandbox;

import java.util.Locale;

/** The three simulated APIs; {@link #key()} is the path prefix, stats key and configuration segment. */
public enum Vendor {
    COR,
    COMPLYCUBE,
    CLEMTA;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks a vendor up by its key ({@code cor}, {@code complycube}, {@code clemta}). */
    public static Vendor of(String key) {
        for (Vendor v : values()) {
            if (v.key().equalsIgnoreCase(key)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown sandbox API: " + key + " (expected cor, complycube or clemta)");
    }
}
