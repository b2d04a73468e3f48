package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Parses the date and date-time forms the three APIs accept; null means "not that format". */
final class IsoDates {

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private IsoDates() {
    }

    /** A strict {@code YYYY-MM-DD} text node, or null. */
    static LocalDate date(JsonNode value) {
        if (value == null || !value.isTextual() || !ISO_DATE.matcher(value.asText()).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The calendar day as written, from {@code YYYY-MM-DD} or an ISO date-time with or without offset. */
    static LocalDate day(JsonNode value) {
        LocalDate date = date(value);
        if (date != null || value == null || !value.isTextual()) {
            return date;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toLocalDate();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(value.asText()).toLocalDate();
            } catch (DateTimeParseException notLocal) {
                return null;
            }
        }
    }

    /** An instant from an ISO date-time, or from a date taken as midnight UTC; null otherwise. */
    static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
