package io.ferry.sandbox;

import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Immutable settings of a {@link Sandbox}; {@link #defaults()} is ready to use and {@link
 * #fromMap(Map)} reads Ferry's dotted keys (see {@link SandboxConfigReader} for the list).
 *
 * @param host bind address, loopback by default
 * @param port TCP port, 0 for an ephemeral one
 * @param corApiKey the API key COR's token endpoint expects in Basic auth
 * @param corClientSecret the client secret COR's token endpoint expects in Basic auth
 * @param corTokenTtlSeconds lifetime of issued access tokens ({@code expires_in})
 * @param corBaseCurrency the company's base currency; contracts in other currencies need a rate
 * @param corCompanyId the {@code company_id} COR echoes in responses
 * @param knownCurrencies ISO 4217 codes COR knows ("Currency not found" otherwise)
 * @param complycubeApiKey the raw key ComplyCube expects in {@code Authorization}
 * @param complycubeRatePerSecond requests admitted per rolling second, 0 = unlimited
 * @param clemtaApiKey the key Clemta expects in {@code X-API-KEY}
 * @param clemtaCompanyIds the only company ids Clemta knows (COMPANY_NOT_FOUND otherwise)
 * @param clemtaRatePerMinute requests admitted per clock minute, 0 = unlimited
 * @param clemtaCreateStatus HTTP status of a successful contact create (Clemta does not say 200 or 201)
 * @param clemtaNotFoundCode error code of an unknown contact (CONTACT_NOT_FOUND or NOT_FOUND)
 * @param clemtaBillingMerge a PATCH's billing is merged into the contact's, key by key; false (the default): it
 *                           replaces the contact's billing as a whole (Clemta does not document which)
 * @param faults fault injection per API, absent = {@link Faults#NONE}
 * @param journalSize how many recent requests the journal keeps
 * @param threads HTTP worker threads; few are best, since handlers never block (8 measured best on 2 cores)
 * @param capacities concurrent requests each API serves before it is over capacity; absent or 0 = unlimited
 * @param capacityOverflow what a request above an API's capacity gets: a 429 at once, or a slower answer
 */
public record SandboxConfig(
        String host,
        int port,
        String corApiKey,
        String corClientSecret,
        long corTokenTtlSeconds,
        String corBaseCurrency,
        long corCompanyId,
        Set<String> knownCurrencies,
        String complycubeApiKey,
        int complycubeRatePerSecond,
        String clemtaApiKey,
        List<String> clemtaCompanyIds,
        int clemtaRatePerMinute,
        int clemtaCreateStatus,
        String clemtaNotFoundCode,
        boolean clemtaBillingMerge,
        Map<Vendor, Faults> faults,
        int journalSize,
        int threads,
        Map<Vendor, Integer> capacities,
        Overflow capacityOverflow) {

    /** What a request above an API's capacity gets (see {@link ApiCapacity}). */
    public enum Overflow {
        /** 429 with {@code Retry-After: 1}, at once: the API is busy. */
        REJECT,
        /** Answered, later: the base latency stretched by in-flight requests over capacity. */
        SLOW;

        public static Overflow of(String value) {
            for (Overflow o : values()) {
                if (o.name().equalsIgnoreCase(value.trim())) {
                    return o;
                }
            }
            throw new IllegalArgumentException("sandbox.capacity-overflow must be reject or slow, got: " + value);
        }
    }

    public SandboxConfig {
        knownCurrencies = Set.copyOf(knownCurrencies);
        clemtaCompanyIds = List.copyOf(clemtaCompanyIds);
        EnumMap<Vendor, Faults> copy = new EnumMap<>(Vendor.class);
        copy.putAll(faults);
        faults = java.util.Collections.unmodifiableMap(copy);
        EnumMap<Vendor, Integer> capacityCopy = new EnumMap<>(Vendor.class);
        capacityCopy.putAll(capacities);
        capacities = java.util.Collections.unmodifiableMap(capacityCopy);
        if (capacities.values().stream().anyMatch(c -> c < 0)) {
            throw new IllegalArgumentException("capacities must not be negative (0 = unlimited)");
        }
        if (capacityOverflow == null) {
            throw new IllegalArgumentException("capacity overflow must be reject or slow");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("sandbox port out of range: " + port);
        }
        if (corTokenTtlSeconds <= 0) {
            throw new IllegalArgumentException("COR token TTL must be positive");
        }
        if (!knownCurrencies.contains(corBaseCurrency)) {
            throw new IllegalArgumentException("COR base currency is not a known currency: " + corBaseCurrency);
        }
        if (complycubeRatePerSecond < 0 || clemtaRatePerMinute < 0) {
            throw new IllegalArgumentException("rate limits must not be negative (0 = unlimited)");
        }
        if (clemtaCreateStatus != 200 && clemtaCreateStatus != 201) {
            throw new IllegalArgumentException("Clemta create status must be 200 or 201");
        }
        if (journalSize < 1 || threads < 1) {
            throw new IllegalArgumentException("journal size and threads must be at least 1");
        }
    }

    /**
     * Sensible defaults: ephemeral port on 127.0.0.1, documented limits, no faults. Clemta knows the company of the
     * sandbox's own examples and the one of Clemta's documented examples, so those run as they are.
     */
    public static SandboxConfig defaults() {
        return new SandboxConfig(
                "127.0.0.1", 0,
                "sandbox-cor-key", "sandbox-cor-secret", 3600, "USD", 1001, defaultCurrencies(),
                "sandbox-complycube-key", 10,
                "sandbox-clemta-key", List.of("cmp-sandbox-1", DOCUMENTED_CLEMTA_COMPANY), 100, 201,
                "CONTACT_NOT_FOUND", false, Map.of(), 1000, 8, Map.of(), Overflow.REJECT);
    }

    /** The company_id of Clemta's documented contact examples. */
    public static final String DOCUMENTED_CLEMTA_COMPANY = "64b8f1a2e4b0c8d9f0123456";

    /** Reads {@code sandbox.*} keys on top of {@link #defaults()}; other keys are ignored. */
    public static SandboxConfig fromMap(Map<String, String> values) {
        return SandboxConfigReader.read(values, defaults());
    }

    /** Same as {@link #fromMap(Map)} for a {@link Properties} object. */
    public static SandboxConfig fromProperties(Properties properties) {
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return fromMap(values);
    }

    /** The fault settings of one API. */
    public Faults faults(Vendor vendor) {
        return faults.getOrDefault(vendor, Faults.NONE);
    }

    /** The capacity of one API in concurrent requests; 0 = unlimited. */
    public int capacity(Vendor vendor) {
        return capacities.getOrDefault(vendor, 0);
    }

    public SandboxConfig withPort(int newPort) {
        return toBuilder().port(newPort).build();
    }

    public SandboxConfig withFaults(Vendor vendor, Faults newFaults) {
        return toBuilder().faults(vendor, newFaults).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(defaults());
    }

    // Every ISO 4217 code the JDK knows: real codes, so "Currency not found" only hits made-up ones.
    private static Set<String> defaultCurrencies() {
        return Currency.getAvailableCurrencies().stream()
                .map(Currency::getCurrencyCode)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Mutable builder for the many settings of a {@link SandboxConfig}. */
    public static final class Builder {
        private String host;
        private int port;
        private String corApiKey;
        private String corClientSecret;
        private long corTokenTtlSeconds;
        private String corBaseCurrency;
        private long corCompanyId;
        private Set<String> knownCurrencies;
        private String complycubeApiKey;
        private int complycubeRatePerSecond;
        private String clemtaApiKey;
        private List<String> clemtaCompanyIds;
        private int clemtaRatePerMinute;
        private int clemtaCreateStatus;
        private String clemtaNotFoundCode;
        private boolean clemtaBillingMerge;
        private final Map<Vendor, Faults> faults = new EnumMap<>(Vendor.class);
        private int journalSize;
        private int threads;
        private final Map<Vendor, Integer> capacities = new EnumMap<>(Vendor.class);
        private Overflow capacityOverflow;

        private Builder(SandboxConfig c) {
            host = c.host;
            port = c.port;
            corApiKey = c.corApiKey;
            corClientSecret = c.corClientSecret;
            corTokenTtlSeconds = c.corTokenTtlSeconds;
            corBaseCurrency = c.corBaseCurrency;
            corCompanyId = c.corCompanyId;
            knownCurrencies = c.knownCurrencies;
            complycubeApiKey = c.complycubeApiKey;
            complycubeRatePerSecond = c.complycubeRatePerSecond;
            clemtaApiKey = c.clemtaApiKey;
            clemtaCompanyIds = c.clemtaCompanyIds;
            clemtaRatePerMinute = c.clemtaRatePerMinute;
            clemtaCreateStatus = c.clemtaCreateStatus;
            clemtaNotFoundCode = c.clemtaNotFoundCode;
            clemtaBillingMerge = c.clemtaBillingMerge;
            faults.putAll(c.faults);
            journalSize = c.journalSize;
            threads = c.threads;
            capacities.putAll(c.capacities);
            capacityOverflow = c.capacityOverflow;
        }

        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder corApiKey(String v) { corApiKey = v; return this; }
        public Builder corClientSecret(String v) { corClientSecret = v; return this; }
        public Builder corTokenTtlSeconds(long v) { corTokenTtlSeconds = v; return this; }
        public Builder corBaseCurrency(String v) { corBaseCurrency = v; return this; }
        public Builder corCompanyId(long v) { corCompanyId = v; return this; }
        public Builder knownCurrencies(Set<String> v) { knownCurrencies = v; return this; }
        public Builder complycubeApiKey(String v) { complycubeApiKey = v; return this; }
        public Builder complycubeRatePerSecond(int v) { complycubeRatePerSecond = v; return this; }
        public Builder clemtaApiKey(String v) { clemtaApiKey = v; return this; }
        public Builder clemtaCompanyIds(List<String> v) { clemtaCompanyIds = v; return this; }
        public Builder clemtaRatePerMinute(int v) { clemtaRatePerMinute = v; return this; }
        public Builder clemtaCreateStatus(int v) { clemtaCreateStatus = v; return this; }
        public Builder clemtaNotFoundCode(String v) { clemtaNotFoundCode = v; return this; }
        public Builder clemtaBillingMerge(boolean v) { clemtaBillingMerge = v; return this; }
        public Builder faults(Vendor vendor, Faults v) { faults.put(vendor, v); return this; }
        public Builder journalSize(int v) { journalSize = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder capacity(Vendor vendor, int v) { capacities.put(vendor, v); return this; }
        public Builder capacityOverflow(Overflow v) { capacityOverflow = v; return this; }

        public SandboxConfig build() {
            return new SandboxConfig(host, port, corApiKey, corClientSecret, corTokenTtlSeconds,
                    corBaseCurrency, corCompanyId, knownCurrencies, complycubeApiKey,
                    complycubeRatePerSecond, clemtaApiKey, clemtaCompanyIds, clemtaRatePerMinute,
                    clemtaCreateStatus, clemtaNotFoundCode, clemtaBillingMerge, faults, journalSize, threads, capacities,
                    capacityOverflow);
        }
    }
}
