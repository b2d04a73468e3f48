package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a record's fields for the vendors' mappers; a missing or bad value throws an
 * {@link InvalidRecordException} whose message names the field. Paths are dotted (metadata.source).
 */
public final class RecordFields {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    // Plain decimal notation only: "1,000.50", "1e3", "12 EUR" are rejected rather than guessed.
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    // Pragmatic e-mail syntax: one @, no spaces, a domain with at least one dot and no empty labels.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    // The parts of each dotted path asked for. Paths are the vendor mappers' own constants, so they are few.
    private static final Map<String, String[]> PARTS = new ConcurrentHashMap<>();

    private final ObjectNode fields;

    public RecordFields(ObjectNode fields) {
        this.fields = fields == null ? JsonNodeFactory.instance.objectNode() : fields;
    }

    /** The node at the path; null when absent. A JSON null (an empty cell meaning "clear") is returned as is. */
    public JsonNode get(String path) {
        if (path.indexOf('.') < 0) {
            return fields.get(path);
        }
        // A dotted path is split once: mappings read several fields of every record (metadata.source of each COR
        // record among them).
        JsonNode node = fields;
        for (String part : PARTS.computeIfAbsent(path, p -> p.split("\\.", -1))) {
            node = node != null && node.isObject() ? node.get(part) : null;
        }
        return node;
    }

    /** True when the path holds a value other than null or blank text. */
    public boolean has(String path) {
        JsonNode node = get(path);
        return node != null && !node.isNull() && !(node.isTextual() && node.asText().isBlank());
    }

    public String requiredText(String path) {
        if (!has(path)) {
            throw InvalidRecordException.missing(path);
        }
        return text(path, get(path));
    }

    /** Text, or null when absent or null. */
    public String optionalText(String path) {
        return has(path) ? text(path, get(path)) : null;
    }

    /**
     * An optional text field as the JSON to send: null when absent or blank (not sent), a JSON null when the record
     * clears it (ferry.csv.empty-cell=clear), else the trimmed text.
     */
    public JsonNode optionalTextNode(String path) {
        JsonNode node = get(path);
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            return NullNode.getInstance();
        }
        String text = text(path, node);
        return text.isEmpty() ? null : JsonNodeFactory.instance.textNode(text);
    }

    /** A real calendar date written YYYY-MM-DD, or null when absent. */
    public LocalDate date(String path) {
        String value = optionalText(path);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, DATE);
        } catch (DateTimeParseException e) {
            throw InvalidRecordException.invalid(path + " must be YYYY-MM-DD, got '" + value + "'");
        }
    }

    /** An e-mail address (name@domain.tld, no spaces), trimmed, or null when absent. */
    public String email(String path) {
        String value = optionalText(path);
        if (value != null && !isEmail(value)) {
            throw InvalidRecordException.invalid(path + " must be an e-mail address such as jane@example.com, got '"
                    + value + "'");
        }
        return value;
    }

    public static boolean isEmail(String value) {
        return EMAIL.matcher(value).matches();
    }

    /** An ISO 3166-1 alpha-2 country code, upper-cased (gb becomes GB), or null when absent. */
    public String country(String path) {
        String value = optionalText(path);
        if (value == null) {
            return null;
        }
        String code = value.toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(code)) {
            throw InvalidRecordException.invalid(path + " must be an ISO 3166-1 alpha-2 country code such as GB, got '"
                    + value + "'");
        }
        return code;
    }

    /** A number (JSON number, or text in plain decimal notation), or null when absent. */
    public BigDecimal number(String path) {
        if (!has(path)) {
            return null;
        }
        JsonNode node = get(path);
        if (node.isNumber()) {
            return node.decimalValue();
        }
        String value = node.isValueNode() ? node.asText().trim() : node.toString();
        if (!node.isTextual() || !DECIMAL.matcher(value).matches()) {
            throw InvalidRecordException.invalid(path + " must be a number such as 1500.50 (no thousands separators),"
                    + " got '" + value + "'");
        }
        return new BigDecimal(value);
    }

    /** A number as JSON: whole numbers without a fraction, others as written. */
    public static JsonNode numberNode(BigDecimal value) {
        if (value.scale() <= 0) {
            try {
                return JsonNodeFactory.instance.numberNode(value.longValueExact());
            } catch (ArithmeticException tooBig) {
                return DecimalNode.valueOf(value);
            }
        }
        return DecimalNode.valueOf(value);
    }

    private static String text(String path, JsonNode node) {
        if (node.isContainerNode()) {
            throw InvalidRecordException.invalid(path + " must be text, not " + (node.isArray() ? "a list" : "an object"));
        }
        return node.asText().trim();
    }
}
