package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful, in-memory simulator of the COR, ComplyCube and Clemta APIs on one loopback HTTP
 * server, following their documented behaviour and errors, with fault injection and inspection.
 *
 * <p>URL layout, relative to {@link #baseUrl()}:
 * <ul>
 *   <li>COR OAuth: {@code POST /cor/v1/oauth/token?grant_type=client_credentials} (Basic
 *       key:secret, no body) and {@code POST /cor/v1/oauth/refreshtoken} (form {@code
 *       refresh_token=...}); both answer {@code access_token, token_type, expires_in, refresh_token}.
 *   <li>COR Integrations (Bearer token): {@code POST /cor/v2/integrations/clients}, {@code
 *       PUT|DELETE /cor/v2/integrations/clients/{externalId}}, the same for {@code contracts},
 *       and {@code POST /cor/v2/integrations/currency-exchanges}. So Ferry's COR base URL is
 *       {@code {base}/cor/v2/integrations} and its token URL {@code {base}/cor/v1/oauth/token}.
 *   <li>ComplyCube (raw key in {@code Authorization}): {@code GET|POST /complycube/v1/clients},
 *       {@code GET|POST|DELETE /complycube/v1/clients/{id}}; base URL {@code {base}/complycube/v1}.
 *   <li>Clemta ({@code X-API-KEY}): {@code GET|POST /clemta/contacts}, {@code GET|PATCH|DELETE
 *       /clemta/contacts/{id}}; base URL {@code {base}/clemta}.
 *   <li>Admin: {@code GET /__sandbox/stats}, {@code POST /__sandbox/reset}, {@code GET
 *       /__sandbox/requests}, {@code GET /__sandbox/faults}, {@code GET|POST
 *       /__sandbox/faults/{api}}, {@code POST /__sandbox/cor/expire-tokens}, {@code GET|POST
 *       /__sandbox/capacity} (see {@link ApiCapacity}).
 * </ul>
 *
 * <p>Choices where the vendors' docs are silent are documented on the class that makes them:
 * {@link CorError}, {@link CorContractOperations}, {@link CorExchangeRateOperations}, {@link
 * ComplyCubeApi}, {@link ComplyCubeClients}, {@link ComplyCubeClientFilter}, {@link ClemtaApi},
 * {@link ClemtaContacts}, {@link Faults}.
 *
 * <p>The server is the JDK's {@code com.sun.net.httpserver}; {@link #start} turns on its
 * {@code sun.net.httpserver.nodelay} property (unless already set), without which every answer
 * waits on Nagle's algorithm and throughput collapses to a few hundred requests per second.
 */
public final class Sandbox implements AutoCloseable {

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final SandboxConfig config;
    private final CorApi cor;
    private final ComplyCubeApi complycube;
    private final ClemtaApi clemta;
    private final Map<Vendor, VendorApi> apis = new EnumMap<>(Vendor.class);
    private final Map<Vendor, ApiStats> stats = new EnumMap<>(Vendor.class);
    private final RequestJournal journal;
    private final RequestPipeline pipeline;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final HttpServer server;

    private Sandbox(SandboxConfig config) throws IOException {
        this.config = config;
        ObjectMapper mapper = new ObjectMapper();
        for (Vendor v : Vendor.values()) {
            stats.put(v, new ApiStats(config.capacity(v)));
        }
        this.cor = register(new CorApi(config, mapper, stats.get(Vendor.COR)));
        this.complycube = register(new ComplyCubeApi(config, mapper, stats.get(Vendor.COMPLYCUBE)));
        this.clemta = register(new ClemtaApi(config, mapper, stats.get(Vendor.CLEMTA)));
        this.journal = new RequestJournal(config.journalSize());
        this.pipeline = new RequestPipeline(apis, stats, journal, config.capacityOverflow());
        for (Vendor v : Vendor.values()) {
            pipeline.setFaults(v, config.faults(v));
        }
        this.workers = Executors.newFixedThreadPool(config.threads(), daemonThreads("sandbox-http-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("sandbox-delay-"));
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
        server.setExecutor(workers);
        server.createContext("/", new SandboxHttpHandler(pipeline, new AdminApi(this, mapper), mapper, timer, workers));
        server.start();
    }

    /** Starts a sandbox; with port 0 it picks a free port, see {@link #port()}. */
    public static Sandbox start(SandboxConfig config) {
        try {
            return new Sandbox(config);
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox could not listen on " + config.host() + ":" + config.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** E.g. {@code http://127.0.0.1:8099}; append the prefixes in the class Javadoc. */
    public String baseUrl() {
        return "http://" + config.host() + ":" + port();
    }

    /** COR Integrations base URL, e.g. {@code http://127.0.0.1:8099/cor/v2/integrations}. */
    public String corBaseUrl() {
        return baseUrl() + "/cor/v2/integrations";
    }

    /** COR token URL without the query: append {@code ?grant_type=client_credentials}. */
    public String corTokenUrl() {
        return baseUrl() + "/cor/v1/oauth/token";
    }

    /** COR refresh URL (form body {@code refresh_token=...}). */
    public String corRefreshUrl() {
        return baseUrl() + "/cor/v1/oauth/refreshtoken";
    }

    /** ComplyCube base URL, e.g. {@code http://127.0.0.1:8099/complycube/v1}. */
    public String complyCubeBaseUrl() {
        return baseUrl() + "/complycube/v1";
    }

    /** Clemta base URL, e.g. {@code http://127.0.0.1:8099/clemta}. */
    public String clemtaBaseUrl() {
        return baseUrl() + "/clemta";
    }

    public SandboxConfig config() {
        return config;
    }

    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Forgets every entity, token, rate window, counter and journaled request; faults and capacities go back to the
     * configuration.
     */
    public void reset() {
        apis.values().forEach(VendorApi::reset);
        stats.values().forEach(ApiStats::reset);
        journal.clear();
        for (Vendor v : Vendor.values()) {
            pipeline.setFaults(v, config.faults(v));
            stats.get(v).capacity().set(config.capacity(v));
        }
    }

    /** Sets how many concurrent requests one API ({@code cor}, {@code complycube}, {@code clemta}) serves; 0 = unlimited. */
    public void setCapacity(String api, int capacity) {
        stats.get(Vendor.of(api)).capacity().set(capacity);
    }

    public int capacity(String api) {
        return stats.get(Vendor.of(api)).capacity().capacity();
    }

    /** The same JSON as {@code GET /__sandbox/stats}. */
    public JsonNode stats() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        apis.forEach((vendor, api) -> root.set(vendor.key(), stats.get(vendor).toJson(api.entityCounts())));
        return root;
    }

    /** Replaces the fault settings of one API ({@code cor}, {@code complycube}, {@code clemta}) at once. */
    public void setFaults(String api, Faults faults) {
        pipeline.setFaults(Vendor.of(api), faults);
    }

    public Faults faults(String api) {
        return pipeline.faults(Vendor.of(api));
    }

    /** Makes every COR access token issued so far expired (refresh tokens stay valid); returns how many were live. */
    public int expireCorTokens() {
        return cor.expireTokens();
    }

    /** The most recent requests to the three APIs, oldest first, secrets redacted. */
    public List<RecordedRequest> requests() {
        return journal.snapshot();
    }

    public int corClientCount() {
        return cor.entityCounts().get("clients").asInt();
    }

    public int corContractCount() {
        return cor.entityCounts().get("contracts").asInt();
    }

    public int corExchangeRateCount() {
        return cor.entityCounts().get("currency_exchanges").asInt();
    }

    /** A COR client as its create/update response shows it. */
    public Optional<JsonNode> corClient(String source, String externalId) {
        return cor.client(new MappingKey(source, externalId)).map(JsonNode.class::cast);
    }

    /** A COR client by external id under whichever source created it. */
    public Optional<JsonNode> corClient(String externalId) {
        return CorSourceList.ALLOWED.stream().map(source -> corClient(source, externalId))
                .flatMap(Optional::stream).findFirst();
    }

    /** A COR contract by external id under whichever source created it. */
    public Optional<JsonNode> corContract(String externalId) {
        return CorSourceList.ALLOWED.stream().map(source -> corContract(source, externalId))
                .flatMap(Optional::stream).findFirst();
    }

    /** A COR contract as its create/update response shows it. */
    public Optional<JsonNode> corContract(String source, String externalId) {
        return cor.contract(new MappingKey(source, externalId)).map(JsonNode.class::cast);
    }

    public int complyCubeClientCount() {
        return complycube.clientCount();
    }

    /** A ComplyCube client as {@code GET /v1/clients/{id}} shows it. */
    public Optional<JsonNode> complyCubeClient(String id) {
        return complycube.client(id).map(JsonNode.class::cast);
    }

    public int clemtaContactCount() {
        return clemta.contactCount();
    }

    /** A Clemta contact as the {@code data} of {@code GET /contacts/{id}} shows it. */
    public Optional<JsonNode> clemtaContact(String id) {
        return clemta.contact(id).map(JsonNode.class::cast);
    }

    private <T extends VendorApi> T register(T api) {
        apis.put(api.vendor(), api);
        stats.get(api.vendor()).declare(api.operations());
        return api;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
