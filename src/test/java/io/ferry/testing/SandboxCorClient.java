package io.ferry.testing;

import io.ferry.sandbox.Sandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Talks to the sandbox's COR API directly, as another system would: to set up entities behind Ferry's back. */
public final class SandboxCorClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Sandbox sandbox;

    public SandboxCorClient(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** Sends a JSON request to the Integrations API with a fresh token; returns the status. */
    public int send(String method, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/cor/v2/integrations" + path))
                .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json.replace('\'', '"'))).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private String token() throws Exception {
        String basic = Base64.getEncoder().encodeToString((sandbox.config().corApiKey() + ":"
                + sandbox.config().corClientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                        + "/cor/v1/oauth/token?grant_type=client_credentials"))
                .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.noBody()).build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        return body.replaceAll(".*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }
}
