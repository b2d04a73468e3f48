package io.ferry.sandbox;

import static io.ferry.sandbox.ErrorBodies.assertCorError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SandboxAdminTest {

    private static final String CLIENT = "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"Acme\"}";

    private Sandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().journalSize(5).build());
        client = new SandboxClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void statsEndpointCountsRequestsSuccessesRejectionsAndEntities() {
        String token = client.corToken();
        client.cor("POST", "/clients", token, CLIENT);
        client.cor("POST", "/clients", token, CLIENT);
        client.cor("PUT", "/clients/NOPE", token, "{\"metadata\":{\"source\":\"SAP\"}}");

        JsonNode stats = client.send("GET", "/__sandbox/stats", null).json();

        assertThat(stats.at("/cor/operations/clients.create/requests").asLong()).isEqualTo(2);
        assertThat(stats.at("/cor/operations/clients.create/successes").asLong()).isEqualTo(1);
        assertThat(stats.at("/cor/operations/clients.create/rejections/DuplicateExternalIdError").asLong()).isEqualTo(1);
        assertThat(stats.at("/cor/operations/clients.update/rejections/ZC001").asLong()).isEqualTo(1);
        assertThat(stats.at("/cor/operations/oauth.token/successes").asLong()).isEqualTo(1);
        assertThat(stats.at("/cor/entities/clients").asLong()).isEqualTo(1);
        assertThat(stats.at("/cor/entities/contracts").asLong()).isZero();
        assertThat(stats.at("/cor/duplicate_creates").asLong()).isEqualTo(1);
        assertThat(stats.at("/complycube/operations/clients.create/requests").asLong()).isZero();
        assertThat(stats.at("/complycube/entities/clients").asLong()).isZero();
        assertThat(stats.at("/clemta/entities/contacts").asLong()).isZero();
        assertThat(stats).hasToString(sandbox.stats().toString());
    }

    @Test
    void resetEndpointClearsEntitiesTokensStatsAndJournal() {
        String token = client.corToken();
        client.cor("POST", "/clients", token, CLIENT);
        client.cor("POST", "/clients", token, CLIENT);

        assertThat(client.send("POST", "/__sandbox/reset", null).status()).isEqualTo(200);

        assertThat(sandbox.corClientCount()).isZero();
        assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).isZero();
        assertThat(sandbox.stats().at("/cor/operations/clients.create/requests").asLong()).isZero();
        assertThat(sandbox.requests()).isEmpty();
        assertCorError(client.cor("POST", "/clients", token, CLIENT), 401, "Unauthorized", "Unauthorized", null);
        assertThat(client.cor("POST", "/clients", client.corToken(), CLIENT).status()).isEqualTo(200);
    }

    @Test
    void expireTokensEndpointExpiresIssuedTokens() {
        String token = client.corToken();

        JsonNode answer = client.send("POST", "/__sandbox/cor/expire-tokens", null).json();

        assertThat(answer.get("expired_tokens").asInt()).isEqualTo(1);
        assertCorError(client.cor("POST", "/clients", token, CLIENT), 401, "Unauthorized", "Unauthorized",
                "Access token expired");
    }

    @Test
    void journalKeepsExactRequestsWithSecretsRedacted() {
        String token = client.corToken();
        client.cor("POST", "/clients", token, CLIENT);
        client.complycube("GET", "/clients?email=a%40b.co", null);
        client.send("PATCH", "/clemta/contacts/abc", "{}", "X-API-KEY", "sandbox-clemta-key");

        List<RecordedRequest> journal = sandbox.requests();

        assertThat(journal).hasSize(4);
        RecordedRequest create = journal.get(1);
        assertThat(create.api()).isEqualTo("cor");
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.path()).isEqualTo("/cor/v2/integrations/clients");
        assertThat(create.header("Content-Type")).isEqualTo("application/json");
        assertThat(create.header("Authorization")).isEqualTo("***");
        assertThat(create.body()).isEqualTo(CLIENT);
        assertThat(create.status()).isEqualTo(200);
        assertThat(journal.get(0).header("authorization")).isEqualTo("***");
        assertThat(journal.get(2).path()).isEqualTo("/complycube/v1/clients?email=a%40b.co");
        assertThat(journal.get(2).header("Authorization")).isEqualTo("***");
        assertThat(journal.get(3).header("X-API-KEY")).isEqualTo("***");
        assertThat(journal.get(3).status()).isEqualTo(400);
        assertThat(journal).noneMatch(r -> r.headers().containsValue(token)
                || r.headers().containsValue("sandbox-clemta-key") || r.headers().containsValue("sandbox-complycube-key"));
    }

    @Test
    void journalRedactsRefreshTokensInFormBodies() {
        client.send("POST", "/cor/v1/oauth/refreshtoken", "grant=x&refresh_token=secret-value",
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(sandbox.requests().get(0).body()).isEqualTo("grant=x&refresh_token=***");
    }

    @Test
    void journalIsBoundedAndServedOverHttp() {
        for (int i = 0; i < 8; i++) {
            client.send("GET", "/clemta/contacts?company_id=cmp-sandbox-1&n=" + i, null, "X-API-KEY", "sandbox-clemta-key");
        }

        JsonNode journal = client.send("GET", "/__sandbox/requests", null).json();

        assertThat(journal).hasSize(5);
        assertThat(journal.get(0).get("path").asText()).endsWith("&n=3");
        assertThat(journal.get(4).get("path").asText()).endsWith("&n=7");
        assertThat(journal.get(4).at("/headers/x-api-key").asText()).isEqualTo("***");
        assertThat(journal.get(4).get("method").asText()).isEqualTo("GET");
        assertThat(journal.get(4).get("status").asInt()).isEqualTo(200);
    }

    @Test
    void unknownPathsAnswer404() {
        assertThat(client.send("GET", "/__sandbox/nothing", null).status()).isEqualTo(404);
        assertThat(client.send("GET", "/salesforce/v1/things", null).status()).isEqualTo(404);
        assertThat(client.send("GET", "/clemta/invoices", null, "X-API-KEY", "sandbox-clemta-key").json()
                .at("/error/code").asText()).isEqualTo("NOT_FOUND");
    }
}
