package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/** Test-side HTTP client: sends requests to a running sandbox over loopback and parses the JSON answers. */
final class SandboxClient {

    static final String COR = "/cor/v2/integrations";
    static final String COMPLYCUBE = "/complycube/v1";
    static final String CLEMTA = "/clemta";

    /** One answer: status, headers, raw body and the body parsed as JSON (missing when not JSON). */
    record Reply(int status, HttpHeaders headers, String body, JsonNode json) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String base;
    private final SandboxConfig config;

    SandboxClient(Sandbox sandbox) {
        this.base = sandbox.baseUrl();
        this.config = sandbox.config();
    }

    /** Sends a request; {@code headers} are name/value pairs. Throws IOException (unchecked) on a dropped connection. */
    Reply send(String method, String path, String body, String... headers) {
        try {
            return toReply(http.send(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<Reply> sendAsync(String method, String path, String body, String... headers) {
        return http.sendAsync(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString())
                .thenApply(this::toReply);
    }

    /** A fresh COR access token from the client-credentials grant. */
    String corToken() {
        Reply reply = send("POST", "/cor/v1/oauth/token?grant_type=client_credentials", null,
                "Authorization", basic(config.corApiKey(), config.corClientSecret()));
        if (reply.status() != 200) {
            throw new IllegalStateException("token request failed: " + reply.body());
        }
        return reply.json().get("access_token").asText();
    }

    Reply cor(String method, String path, String token, String body) {
        return send(method, COR + path, body, "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    Reply complycube(String method, String path, String body) {
        return send(method, COMPLYCUBE + path, body, "Authorization", config.complycubeApiKey(),
                "Content-Type", "application/json");
    }

    Reply clemta(String method, String path, String body) {
        return send(method, CLEMTA + path, body, "X-API-KEY", config.clemtaApiKey(), "Content-Type", "application/json");
    }

    JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest request(String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    private Reply toReply(HttpResponse<String> response) {
        JsonNode json;
        try {
            json = response.body().isEmpty() ? MissingNode.getInstance() : mapper.readTree(response.body());
        } catch (IOException notJson) {
            json = MissingNode.getInstance();
        }
        return new Reply(response.statusCode(), response.headers(), response.body(), json);
    }
}
