package io.ferry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls Ferry's operator interface over loopback HTTP, as an operator's script would. */
public final class OperatorClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String token;

    public OperatorClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public HttpResponse<String> call(String method, String pathAndQuery, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode get(String pathAndQuery) throws Exception {
        return json(call("GET", pathAndQuery, token));
    }

    public JsonNode post(String pathAndQuery) throws Exception {
        return json(call("POST", pathAndQuery, token));
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        if (response.statusCode() != 200) {
            throw new AssertionError("operator call answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
