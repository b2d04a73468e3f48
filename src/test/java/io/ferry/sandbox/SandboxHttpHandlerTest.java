package io.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxHttpHandlerTest {

    private Sandbox sandbox;
    private SandboxClient client;
    private String token;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        client = new SandboxClient(sandbox);
        token = client.corToken();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void chunkedBodyIsReadWhole() throws Exception {
        byte[] body = "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"CHUNKED\",\"name\":\"Streamed\"}"
                .getBytes(StandardCharsets.UTF_8);
        // An input-stream publisher has no known length, so the JDK client sends it chunked.
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.corBaseUrl() + "/clients"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(sandbox.corClient("SAP", "CHUNKED")).isPresent();
        assertThat(sandbox.requests().get(sandbox.requests().size() - 1).header("transfer-encoding")).isEqualTo("chunked");
    }

    @Test
    void percentEncodedPathSegmentsAreDecodedExternalIds() {
        client.cor("POST", "/clients", token, "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"A/1 b+c\",\"name\":\"Slashy\"}");

        SandboxClient.Reply reply = client.cor("PUT", "/clients/A%2F1%20b+c", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"name\":\"Renamed\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(sandbox.corClient("SAP", "A/1 b+c").orElseThrow().get("name").asText()).isEqualTo("Renamed");
    }

    @Test
    void malformedEscapeIsABadRequestAndTheServerKeepsServing() throws Exception {
        // HTTP clients refuse to send such a path, so write it by hand.
        try (Socket socket = new Socket("127.0.0.1", sandbox.port())) {
            socket.getOutputStream().write(("GET /clemta/contacts/%zz HTTP/1.1\r\nHost: x\r\nX-API-KEY: k\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();

            assertThat(statusLine).startsWith("HTTP/1.1 400");
        }
        assertThat(client.cor("POST", "/clients", token, "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"X\",\"name\":\"X\"}")
                .status()).isEqualTo(200);
    }
}
