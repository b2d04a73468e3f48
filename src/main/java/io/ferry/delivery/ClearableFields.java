package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The fields a target's updates may clear ({@code <target>.clear-fields}): for those, a record holding null (a JSON
 * null, or an empty CSV cell with {@code ferry.csv.empty-cell=clear}) is sent as null. For every other field a null
 * means "not provided" and is left out. Clearing is never the default: no vendor documents what a null does.
 */
public final class ClearableFields {

    public static final ClearableFields NONE = new ClearableFields(Set.of());

    private final Set<String> paths;

    private ClearableFields(Set<String> paths) {
        this.paths = paths;
    }

    /**
     * @param key        the property, named in the error
     * @param configured the fields listed there (dotted paths)
     * @param clearable  the fields an update of this target can clear at all; refuses any other
     */
    public static ClearableFields of(String key, List<String> configured, Collection<String> clearable) {
        List<String> refused = new ArrayList<>();
        ClearableFields allowed = new ClearableFields(Set.copyOf(clearable));
        for (String path : configured) {
            if (!allowed.contains(path)) {
                refused.add(path);
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("configuration " + key + " lists " + String.join(", ", refused)
                    + ", which an update cannot clear; fields that can be cleared: " + String.join(", ", clearable));
        }
        return new ClearableFields(Set.copyOf(configured));
    }

    /** True when the field may be cleared; an entry {@code prefix.*} stands for every field below the prefix. */
    public boolean contains(String path) {
        if (paths.contains(path)) {
            return true;
        }
        int dot = path.lastIndexOf('.');
        return dot > 0 && paths.contains(path.substring(0, dot) + ".*");
    }

    /**
     * What an update sends for the field at {@code path}: the record's value; for a null, a JSON null when the field
     * may be cleared, otherwise nothing (null).
     */
    public JsonNode forUpdate(String path, JsonNode value) {
        if (value != null && value.isNull()) {
            return contains(path) ? NullNode.getInstance() : null;
        }
        return value;
    }
}
