package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * COR's OAuth client-credentials grant: issues expiring JWT-shaped bearer tokens with refresh
 * tokens, and checks the bearer token of every Integrations call.
 */
final class CorTokens {

    // Keeps a token-hungry client from growing the map forever; expired tokens are pruned past this.
    private static final int PRUNE_THRESHOLD = 10_000;

    private record Issued(long sequence, long expiresAtMillis) {
    }

    private final String apiKey;
    private final String clientSecret;
    private final long ttlSeconds;
    private final Map<String, Issued> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Boolean> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    // Tokens with a sequence at or below this were expired on purpose (expireAll), whatever their TTL.
    private final AtomicLong expiredThrough = new AtomicLong();

    CorTokens(SandboxConfig config) {
        this.apiKey = config.corApiKey();
        this.clientSecret = config.corClientSecret();
        this.ttlSeconds = config.corTokenTtlSeconds();
    }

    /** {@code POST /v1/oauth/token?grant_type=client_credentials} with Basic key:secret. */
    SandboxResponse issue(SandboxRequest request) {
        if (!"client_credentials".equals(request.query("grant_type"))) {
            throw CorError.validation("grant_type must be client_credentials").rejection();
        }
        if (!validBasic(request.header("Authorization"))) {
            throw CorError.unauthorized("Invalid client credentials").rejection();
        }
        return SandboxResponse.success(200, newPair());
    }

    /** {@code POST /v1/oauth/refreshtoken} with form body {@code refresh_token=...}; the old refresh token is spent. */
    SandboxResponse refresh(SandboxRequest request) {
        String token = formField(request.bodyText(), "refresh_token");
        if (token == null || token.isBlank()) {
            throw CorError.validation("refresh_token is required").rejection();
        }
        if (refreshTokens.remove(token) == null) {
            throw CorError.unauthorized("Invalid refresh token").rejection();
        }
        return SandboxResponse.success(200, newPair());
    }

    /** Throws a 401 unless the request carries a current bearer token. */
    void requireValid(SandboxRequest request) {
        String header = request.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw CorError.unauthorized("Missing bearer token").rejection();
        }
        Issued issued = accessTokens.get(header.substring(7).trim());
        if (issued == null) {
            throw CorError.unauthorized("Invalid access token").rejection();
        }
        if (issued.sequence() <= expiredThrough.get() || System.currentTimeMillis() >= issued.expiresAtMillis()) {
            throw CorError.unauthorized("Access token expired").rejection();
        }
    }

    /** Makes every token issued so far expired; returns how many were live. */
    int expireAll() {
        long now = System.currentTimeMillis();
        long through = sequence.get();
        long previous = expiredThrough.getAndSet(through);
        return (int) accessTokens.values().stream()
                .filter(t -> t.sequence() > previous && t.sequence() <= through && now < t.expiresAtMillis())
                .count();
    }

    void reset() {
        accessTokens.clear();
        refreshTokens.clear();
        expiredThrough.set(sequence.get());
    }

    private ObjectNode newPair() {
        long seq = sequence.incrementAndGet();
        long now = System.currentTimeMillis();
        long expiresAt = now + ttlSeconds * 1000;
        if (accessTokens.size() > PRUNE_THRESHOLD) {
            accessTokens.values().removeIf(t -> t.expiresAtMillis() <= now || t.sequence() <= expiredThrough.get());
        }
        String access = jwt(seq, now / 1000, expiresAt / 1000);
        String refresh = randomToken(32);
        accessTokens.put(access, new Issued(seq, expiresAt));
        refreshTokens.put(refresh, Boolean.TRUE);
        return JsonNodeFactory.instance.objectNode()
                .put("access_token", access)
                .put("token_type", "Bearer")
                .put("expires_in", ttlSeconds)
                .put("refresh_token", refresh);
    }

    private boolean validBasic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.equals(apiKey + ":" + clientSecret);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    // Shaped like the JWT COR issues, so clients that peek at it (or log its length) behave as in production.
    private String jwt(long seq, long issuedAt, long expiresAt) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(String.format(Locale.ROOT,
                "{\"sub\":\"%s\",\"iat\":%d,\"exp\":%d,\"jti\":%d}", apiKey.replace("\"", ""), issuedAt, expiresAt, seq)
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + randomToken(32);
    }

    private static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String formField(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            try {
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException malformedEscape) {
                // A garbled form field is treated as absent: the caller answers "refresh_token is required".
            }
        }
        return null;
    }
}
