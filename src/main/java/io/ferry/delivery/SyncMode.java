package io.ferry.delivery;

import java.util.Locale;

/** What a target may do to the vendor's entities: create and update (upsert), only create, or only update. */
public enum SyncMode {
    UPSERT, CREATE_ONLY, UPDATE_ONLY;

    /** Parses upsert, create-only or update-only; {@code key} names the property in the error. */
    public static SyncMode parse(String key, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration " + key + " must be upsert, create-only or update-only, not '"
                    + value + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
