package io.ferry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.spi.PropertiesComponent;

/** Reads Ferry's configuration keys through Camel's properties (files, -D, environment variables). */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    /** The value, or the default when the key is missing or empty. */
    public String string(String key, String defaultValue) {
        return properties.resolveProperty(key).map(String::trim).filter(value -> !value.isEmpty()).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue) {
        String value = string(key, null);
        try {
            return value == null || value.isEmpty() ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration " + key + " must be a whole number, not '" + value + "'");
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        String value = string(key, null);
        return value == null || value.isEmpty() ? defaultValue : Boolean.parseBoolean(value);
    }

    public Path path(String key, String defaultValue) {
        return Path.of(string(key, defaultValue)).toAbsolutePath().normalize();
    }

    /** A duration in milliseconds, or with a unit: 500ms, 10s, 15m, 1h, 30d. */
    public Duration duration(String key, String defaultValue) {
        String value = string(key, defaultValue);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).trim()));
            }
            char unit = value.charAt(value.length() - 1);
            String amount = value.substring(0, value.length() - 1).trim();
            return switch (unit) {
                case 's' -> Duration.ofSeconds(Long.parseLong(amount));
                case 'm' -> Duration.ofMinutes(Long.parseLong(amount));
                case 'h' -> Duration.ofHours(Long.parseLong(amount));
                case 'd' -> Duration.ofDays(Long.parseLong(amount));
                default -> Duration.ofMillis(Long.parseLong(value));
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("configuration " + key + " must be a duration such as 500ms, 10s, 15m or 30d, not '"
                    + value + "'");
        }
    }

    public List<String> list(String key, String defaultValue) {
        return Arrays.stream(string(key, defaultValue).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
