package io.ferry.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Values of an entity that can never change once it exists, by field path: the {@code metadata.source} a COR entity
 * was created with, the client a COR contract belongs to, a ComplyCube client's type. Kept in the id map (as a JSON
 * object with sorted keys, {@link #encode}) and compared before every update, so that a record that would change one
 * is rejected instead of being sent.
 */
public final class Pinned {

    public static final Pinned NONE = new Pinned(new TreeMap<>());

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SortedMap<String, String> values;

    private Pinned(SortedMap<String, String> values) {
        this.values = values;
    }

    /** The value at {@code path}, or null when none is pinned. */
    public String get(String path) {
        return values.get(path);
    }

    public Map<String, String> values() {
        return Collections.unmodifiableSortedMap(values);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** These values plus {@code path}; a null value leaves them as they are. */
    public Pinned with(String path, String value) {
        if (value == null || value.equals(values.get(path))) {
            return this;
        }
        SortedMap<String, String> more = new TreeMap<>(values);
        more.put(path, value);
        return new Pinned(more);
    }

    /** These values, plus those of {@code other} for the paths not pinned here. */
    public Pinned orElse(Pinned other) {
        Pinned merged = this;
        for (Map.Entry<String, String> value : other.values.entrySet()) {
            if (!values.containsKey(value.getKey())) {
                merged = merged.with(value.getKey(), value.getValue());
            }
        }
        return merged;
    }

    /** These values, replaced by those of {@code other} where it has them. */
    public Pinned overriddenBy(Pinned other) {
        Pinned merged = this;
        for (Map.Entry<String, String> value : other.values.entrySet()) {
            merged = merged.with(value.getKey(), value.getValue());
        }
        return merged;
    }

    /**
     * The id map's text: a compact JSON object with sorted keys, or null when nothing is pinned. Written by hand: change
     * detection compares it for every known record of a re-sent file.
     */
    public String encode() {
        if (values.isEmpty()) {
            return null;
        }
        StringBuilder json = new StringBuilder(64).append('{');
        for (Map.Entry<String, String> value : values.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, value.getKey()).append(':');
            quote(json, value.getValue());
        }
        return json.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }

    /** Reads {@link #encode}'s text; null or empty is {@link #NONE}. */
    public static Pinned decode(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        try {
            JsonNode node = JSON.readTree(text);
            SortedMap<String, String> values = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> value = it.next();
                values.put(value.getKey(), value.getValue().asText());
            }
            return new Pinned(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the id map holds pinned values that are not JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pinned that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
