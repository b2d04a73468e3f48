package io.ferry.sandbox;

import static io.ferry.sandbox.ErrorBodies.assertCorError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CorAuthTest {

    private static final String CLIENT = "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"Acme\"}";

    private Sandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        client = new SandboxClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void clientCredentialsGrantIssuesBearerTokenWithExpiry() {
        SandboxClient.Reply reply = client.send("POST", "/cor/v1/oauth/token?grant_type=client_credentials", null,
                "Authorization", SandboxClient.basic("sandbox-cor-key", "sandbox-cor-secret"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(reply.json().get("expires_in").asLong()).isEqualTo(3600);
        assertThat(reply.json().get("access_token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(reply.json().get("refresh_token").asText()).isNotBlank();
    }

    @Test
    void wrongSecretGets401() {
        SandboxClient.Reply reply = client.send("POST", "/cor/v1/oauth/token?grant_type=client_credentials", null,
                "Authorization", SandboxClient.basic("sandbox-cor-key", "nope"));

        assertCorError(reply, 401, "Unauthorized", "Unauthorized", "Invalid client credentials");
    }

    @Test
    void tokenWithoutClientCredentialsGrantIsRejected() {
        SandboxClient.Reply reply = client.send("POST", "/cor/v1/oauth/token", null,
                "Authorization", SandboxClient.basic("sandbox-cor-key", "sandbox-cor-secret"));

        assertCorError(reply, 400, "ValidationError", "ValidationError", "grant_type must be client_credentials");
    }

    @Test
    void integrationsCallWithoutTokenGets401() {
        SandboxClient.Reply reply = client.send("POST", SandboxClient.COR + "/clients", CLIENT);

        assertCorError(reply, 401, "Unauthorized", "Unauthorized", "Missing bearer token");
        assertThat(sandbox.corClientCount()).isZero();
    }

    @Test
    void integrationsCallWithUnknownTokenGets401() {
        SandboxClient.Reply reply = client.cor("POST", "/clients", "made-up-token", CLIENT);

        assertCorError(reply, 401, "Unauthorized", "Unauthorized", "Invalid access token");
    }

    @Test
    void expiredTokenGets401AndRefreshTokenGivesAWorkingPair() {
        SandboxClient.Reply grant = client.send("POST", "/cor/v1/oauth/token?grant_type=client_credentials", null,
                "Authorization", SandboxClient.basic("sandbox-cor-key", "sandbox-cor-secret"));
        String token = grant.json().get("access_token").asText();
        String refresh = grant.json().get("refresh_token").asText();
        assertThat(client.cor("POST", "/clients", token, CLIENT).status()).isEqualTo(200);

        assertThat(sandbox.expireCorTokens()).isEqualTo(1);
        assertCorError(client.cor("PUT", "/clients/C1", token, "{\"metadata\":{\"source\":\"SAP\"},\"name\":\"B\"}"),
                401, "Unauthorized", "Unauthorized", "Access token expired");

        SandboxClient.Reply refreshed = client.send("POST", "/cor/v1/oauth/refreshtoken", "refresh_token=" + refresh,
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(refreshed.status()).isEqualTo(200);
        String newToken = refreshed.json().get("access_token").asText();
        assertThat(newToken).isNotEqualTo(token);
        assertThat(refreshed.json().get("refresh_token").asText()).isNotEqualTo(refresh);
        assertThat(client.cor("PUT", "/clients/C1", newToken, "{\"metadata\":{\"source\":\"SAP\"},\"name\":\"B\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void refreshTokenCanBeSpentOnlyOnce() {
        SandboxClient.Reply grant = client.send("POST", "/cor/v1/oauth/token?grant_type=client_credentials", null,
                "Authorization", SandboxClient.basic("sandbox-cor-key", "sandbox-cor-secret"));
        String form = "refresh_token=" + grant.json().get("refresh_token").asText();
        assertThat(client.send("POST", "/cor/v1/oauth/refreshtoken", form).status()).isEqualTo(200);

        assertCorError(client.send("POST", "/cor/v1/oauth/refreshtoken", form),
                401, "Unauthorized", "Unauthorized", "Invalid refresh token");
        assertCorError(client.send("POST", "/cor/v1/oauth/refreshtoken", ""),
                400, "ValidationError", "ValidationError", "refresh_token is required");
    }

    @Test
    void tokenExpiresAfterItsTimeToLive() {
        try (Sandbox shortLived = Sandbox.start(SandboxConfig.builder().corTokenTtlSeconds(1).build())) {
            SandboxClient c = new SandboxClient(shortLived);
            String token = c.corToken();
            assertThat(c.cor("POST", "/clients", token, CLIENT).status()).isEqualTo(200);

            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    assertCorError(c.cor("PUT", "/clients/C1", token, "{\"metadata\":{\"source\":\"SAP\"}}"),
                            401, "Unauthorized", "Unauthorized", "Access token expired"));
        }
    }
}
