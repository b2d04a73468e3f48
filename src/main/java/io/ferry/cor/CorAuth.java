package io.ferry.cor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.delivery.VendorAuth;
import io.ferry.delivery.VendorAuthException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * COR's OAuth client-credentials grant (api-reference.md §1.1) as the auth step of the COR routes: a cached bearer
 * token, fetched again {@code refreshMargin} before it expires, one fetch at a time; on a 401 the token that was
 * refused is dropped so the record's retry gets a new one. A static token (COR_ACCESS_TOKEN) replaces all of this.
 *
 * <p>The token call uses the JDK's HttpClient rather than the COR camel-http endpoint: it happens inside a record's
 * exchange, and sending it through the endpoint would mix its headers, retries and failures with the record's, and
 * put the Basic credentials on a Camel message where tracing or message history could show them.
 */
public final class CorAuth implements VendorAuth {

    private static final Logger LOG = LoggerFactory.getLogger(CorAuth.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // The token generation an exchange sent, so that 20 records refused at once cause one fetch, not 20.
    private static final String GENERATION = "ferryCorTokenGeneration";

    private record Token(String value, Instant refreshAt, long generation) {
        @Override
        public String toString() {
            return "Token[generation=" + generation + "]";
        }
    }

    private final URI tokenUri;
    private final String basic;
    private final Duration refreshMargin;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile Token token;
    private long generations;

    private CorAuth(URI tokenUri, String basic, Token staticToken, Duration refreshMargin, Duration connectTimeout,
                    Duration timeout, Clock clock) {
        this.tokenUri = tokenUri;
        this.basic = basic;
        this.token = staticToken;
        this.refreshMargin = refreshMargin;
        this.timeout = timeout;
        this.clock = clock;
        this.http = staticToken != null ? null : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Client credentials against {@code tokenUrl} (grant_type=client_credentials is added to its query). */
    public static CorAuth clientCredentials(String tokenUrl, String apiKey, String clientSecret, Duration refreshMargin,
                                            Duration connectTimeout, Duration timeout, Clock clock) {
        URI uri = URI.create(tokenUrl + (tokenUrl.contains("?") ? "&" : "?") + "grant_type=client_credentials");
        String basic = "Basic " + Base64.getEncoder().encodeToString((apiKey + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        return new CorAuth(uri, basic, null, refreshMargin, connectTimeout, timeout, clock);
    }

    /** A token issued elsewhere (COR_ACCESS_TOKEN); never refreshed. */
    public static CorAuth staticToken(String accessToken) {
        return new CorAuth(null, null, new Token(accessToken, Instant.MAX, 0), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, Clock.systemUTC());
    }

    @Override
    public void authorize(Exchange exchange) throws IOException, HttpOperationFailedException {
        Token current = current();
        exchange.getMessage().setHeader("Authorization", "Bearer " + current.value());
        exchange.setProperty(GENERATION, current.generation());
    }

    @Override
    public boolean renew(Exchange exchange) {
        if (http == null) {
            return false;
        }
        long refused = exchange.getProperty(GENERATION, -1L, Long.class);
        fetching.lock();
        try {
            Token current = token;
            if (current != null && current.generation() == refused) {
                token = null;
            }
        } finally {
            fetching.unlock();
        }
        return true;
    }

    private Token current() throws IOException, HttpOperationFailedException {
        Token current = token;
        if (current != null && clock.instant().isBefore(current.refreshAt())) {
            return current;
        }
        fetching.lock();
        try {
            current = token;
            if (current == null || !clock.instant().isBefore(current.refreshAt())) {
                current = fetch();
                token = current;
            }
            return current;
        } finally {
            fetching.unlock();
        }
    }

    private Token fetch() throws IOException, HttpOperationFailedException {
        HttpRequest request = HttpRequest.newBuilder(tokenUri).timeout(timeout)
                .header("Authorization", basic).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching a COR access token");
        }
        int status = response.statusCode();
        if (status == 400 || status == 401 || status == 403) {
            throw new VendorAuthException(status, "COR's token endpoint refused the client credentials (HTTP " + status
                    + "): " + new CorErrors().parse(status, response.body()).message()
                    + "; check COR_API_KEY and COR_CLIENT_SECRET");
        }
        if (status < 200 || status >= 300) {
            // The same exception as a failed Integrations call, so 429/5xx get the same redelivery and Retry-After.
            Map<String, String> headers = new HashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name, String.join(", ", values)));
            throw new HttpOperationFailedException(tokenUri.toString(), status, "token endpoint", null, headers,
                    response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        String access = body.path("access_token").asText("");
        if (access.isBlank()) {
            throw new IOException("COR's token endpoint answered without an access_token");
        }
        long expiresIn = body.path("expires_in").asLong(3600);
        Duration lifetime = Duration.ofSeconds(Math.max(1, expiresIn));
        Duration early = refreshMargin.compareTo(lifetime) < 0 ? refreshMargin : lifetime.dividedBy(2);
        long generation = ++generations;
        LOG.info("COR: fetched an access token valid for {} s (refreshed {} s early)", expiresIn, early.toSeconds());
        return new Token(access, clock.instant().plus(lifetime).minus(early), generation);
    }

    @Override
    public String toString() {
        return "CorAuth[" + (http == null ? "static token" : "client credentials at " + tokenUri) + "]";
    }
}
