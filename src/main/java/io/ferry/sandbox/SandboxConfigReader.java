package io.ferry.sandbox;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Reads {@code sandbox.*} configuration keys into a {@link SandboxConfig}.
 *
 * <p>Keys: {@code sandbox.host}, {@code sandbox.port}, {@code sandbox.threads}, {@code
 * sandbox.journal-size}; {@code sandbox.cor.api-key}, {@code .client-secret}, {@code
 * .token-ttl-seconds}, {@code .base-currency}, {@code .company-id}, {@code .currencies} (comma
 * list); {@code sandbox.complycube.api-key}, {@code .rate-per-second}; {@code
 * sandbox.clemta.api-key}, {@code .company-ids} (comma list), {@code .rate-per-minute}, {@code
 * .create-status}, {@code .not-found-code}, {@code .patch-billing} (replace or merge); {@code sandbox.faults.<cor|complycube|clemta>.<key>}
 * with the keys of {@link Faults}; {@code sandbox.<cor|complycube|clemta>.capacity} (concurrent requests, 0 =
 * unlimited) and {@code sandbox.capacity-overflow} (reject or slow), see {@link ApiCapacity}. Keys outside {@code sandbox.} are ignored so Ferry can pass its
 * whole configuration; an unknown {@code sandbox.} key is an error, since it is almost always a typo.
 */
final class SandboxConfigReader {

    private static final String PREFIX = "sandbox.";
    private static final String FAULTS = "sandbox.faults.";

    private SandboxConfigReader() {
    }

    static SandboxConfig read(Map<String, String> values, SandboxConfig base) {
        SandboxConfig.Builder b = base.toBuilder();
        Map<String, BiConsumer<SandboxConfig.Builder, String>> setters = setters();
        Map<Vendor, Map<String, String>> faultValues = new LinkedHashMap<>();
        values.forEach((rawKey, rawValue) -> {
            String key = rawKey.trim().toLowerCase(Locale.ROOT);
            if (!key.startsWith(PREFIX) || rawValue == null) {
                return;
            }
            String value = rawValue.trim();
            if (key.startsWith(FAULTS)) {
                String rest = key.substring(FAULTS.length());
                int dot = rest.indexOf('.');
                if (dot < 0) {
                    throw new IllegalArgumentException("unknown sandbox setting: " + rawKey);
                }
                faultValues.computeIfAbsent(Vendor.of(rest.substring(0, dot)), v -> new LinkedHashMap<>())
                        .put(rest.substring(dot + 1), value);
                return;
            }
            BiConsumer<SandboxConfig.Builder, String> setter = setters.get(key);
            if (setter == null) {
                throw new IllegalArgumentException("unknown sandbox setting: " + rawKey);
            }
            try {
                setter.accept(b, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(rawKey + " must be a number, got: " + value, e);
            }
        });
        faultValues.forEach((vendor, v) -> b.faults(vendor, Faults.parse(v, base.faults(vendor))));
        return b.build();
    }

    private static Map<String, BiConsumer<SandboxConfig.Builder, String>> setters() {
        Map<String, BiConsumer<SandboxConfig.Builder, String>> s = new LinkedHashMap<>();
        s.put("sandbox.host", SandboxConfig.Builder::host);
        s.put("sandbox.port", (b, v) -> b.port(Integer.parseInt(v)));
        s.put("sandbox.threads", (b, v) -> b.threads(Integer.parseInt(v)));
        s.put("sandbox.journal-size", (b, v) -> b.journalSize(Integer.parseInt(v)));
        s.put("sandbox.cor.api-key", SandboxConfig.Builder::corApiKey);
        s.put("sandbox.cor.client-secret", SandboxConfig.Builder::corClientSecret);
        s.put("sandbox.cor.token-ttl-seconds", (b, v) -> b.corTokenTtlSeconds(Long.parseLong(v)));
        s.put("sandbox.cor.base-currency", (b, v) -> b.corBaseCurrency(v.toUpperCase(Locale.ROOT)));
        s.put("sandbox.cor.company-id", (b, v) -> b.corCompanyId(Long.parseLong(v)));
        s.put("sandbox.cor.currencies", (b, v) -> b.knownCurrencies(Set.copyOf(list(v.toUpperCase(Locale.ROOT)))));
        s.put("sandbox.complycube.api-key", SandboxConfig.Builder::complycubeApiKey);
        s.put("sandbox.complycube.rate-per-second", (b, v) -> b.complycubeRatePerSecond(Integer.parseInt(v)));
        s.put("sandbox.clemta.api-key", SandboxConfig.Builder::clemtaApiKey);
        s.put("sandbox.clemta.company-ids", (b, v) -> b.clemtaCompanyIds(list(v)));
        s.put("sandbox.clemta.rate-per-minute", (b, v) -> b.clemtaRatePerMinute(Integer.parseInt(v)));
        s.put("sandbox.clemta.create-status", (b, v) -> b.clemtaCreateStatus(Integer.parseInt(v)));
        s.put("sandbox.clemta.not-found-code", SandboxConfig.Builder::clemtaNotFoundCode);
        for (Vendor vendor : Vendor.values()) {
            s.put("sandbox." + vendor.key() + ".capacity", (b, v) -> b.capacity(vendor, Integer.parseInt(v)));
        }
        s.put("sandbox.capacity-overflow", (b, v) -> b.capacityOverflow(SandboxConfig.Overflow.of(v)));
        s.put("sandbox.clemta.patch-billing", (b, v) -> b.clemtaBillingMerge(switch (v.toLowerCase(Locale.ROOT)) {
            case "merge" -> true;
            case "replace" -> false;
            default -> throw new IllegalArgumentException("sandbox.clemta.patch-billing must be replace or merge, got: "
                    + v);
        }));
        return s;
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .collect(Collectors.toList());
    }
}
