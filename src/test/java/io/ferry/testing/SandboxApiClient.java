package io.ferry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;

/**
 * Talks to the sandbox's ComplyCube and Clemta APIs directly, as another system would: to create, change or delete
 * entities behind Ferry's back. A 429 (the sandbox's rate limits count these calls too) is sent again until admitted.
 * JSON may be written with single quotes.
 */
public final class SandboxApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Sandbox sandbox;

    public SandboxApiClient(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** A ComplyCube call (path below /v1); returns the answer's JSON, which must be a 2xx. */
    public JsonNode complyCube(String method, String path, String json) throws Exception {
        return send(method, sandbox.complyCubeBaseUrl() + path, "Authorization", sandbox.config().complycubeApiKey(),
                json);
    }

    /** A Clemta call; returns the answer's JSON, which must be a 2xx. */
    public JsonNode clemta(String method, String path, String json) throws Exception {
        return send(method, sandbox.clemtaBaseUrl() + path, "X-API-KEY", sandbox.config().clemtaApiKey(), json);
    }

    private JsonNode send(String method, String url, String header, String key, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header(header, key)
                .header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json.replace('\'', '"')));
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            answer.set(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
            return answer.get().statusCode() != 429;
        });
        HttpResponse<String> response = answer.get();
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }
}
