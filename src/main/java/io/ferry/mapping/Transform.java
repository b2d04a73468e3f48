package io.ferry.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Map;

/** One step of a field's transform list; throws {@link IllegalArgumentException} with the reason when it cannot. */
@FunctionalInterface
interface Transform {

    JsonNode apply(JsonNode value);

    JsonNodeFactory JSON = JsonNodeFactory.instance;

    static Transform text(java.util.function.UnaryOperator<String> operation) {
        return value -> value.isTextual() ? JSON.textNode(operation.apply(value.textValue())) : value;
    }

    static Transform named(String name) {
        return switch (name) {
            case "trim" -> text(String::strip);
            case "upper" -> text(s -> s.toUpperCase(Locale.ROOT));
            case "lower" -> text(s -> s.toLowerCase(Locale.ROOT));
            // A full name split at its first space: "Jane Mary Doe" -> first "Jane", last "Mary Doe".
            case "first-name" -> text(s -> s.strip().split("\\s+", 2)[0]);
            case "last-name" -> text(s -> {
                String[] parts = s.strip().split("\\s+", 2);
                return parts.length < 2 ? "" : parts[1];
            });
            default -> null;
        };
    }

    /** Dates in the given pattern (strict: 2/30/2025 is refused) become YYYY-MM-DD. */
    static Transform date(String pattern) {
        // 'u' (proleptic year) instead of 'y' (year of era): the strict resolver needs it.
        DateTimeFormatter format = DateTimeFormatter.ofPattern(pattern.replace('y', 'u'), Locale.ROOT)
                .withResolverStyle(ResolverStyle.STRICT);
        return text(s -> {
            try {
                return LocalDate.parse(s.strip(), format).toString();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + s + "' is not a date in the pattern " + pattern);
            }
        });
    }

    /** Value mapping (exact, then ignoring case); a value not listed passes unchanged. */
    static Transform map(Map<String, String> values) {
        return text(s -> {
            String mapped = values.get(s);
            if (mapped != null) {
                return mapped;
            }
            return values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(s.strip()))
                    .map(Map.Entry::getValue).findFirst().orElse(s);
        });
    }

    /** A list in one cell: "a@x.com; b@x.com" becomes ["a@x.com","b@x.com"]. */
    static Transform split(String separator) {
        return value -> {
            if (!value.isTextual()) {
                return value;
            }
            var list = JSON.arrayNode();
            for (String item : value.textValue().split(java.util.regex.Pattern.quote(separator))) {
                if (!item.isBlank()) {
                    list.add(item.strip());
                }
            }
            return list;
        };
    }
}
