package io.ferry.sandbox;

import static io.ferry.sandbox.ErrorBodies.assertCorError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorClientsTest {

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
    void createReturnsTheBareEntityWithCorNumericId() {
        SandboxClient.Reply reply = client.cor("POST", "/clients", token, """
                {"metadata":{"source":"SALESFORCE"},"id":"SF-1","name":"Acme","email_contact":"ops@acme.test","phone":"+1 555"}""");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("id").isIntegralNumber()).isTrue();
        assertThat(body.get("name").asText()).isEqualTo("Acme");
        assertThat(body.get("email_contact").asText()).isEqualTo("ops@acme.test");
        assertThat(body.get("website").isNull()).isTrue();
        assertThat(body.get("company_id").asLong()).isEqualTo(1001);
        assertThat(body.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(sandbox.corClient("SALESFORCE", "SF-1").orElseThrow()).hasToString(body.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing source | {\"id\":\"C1\",\"name\":\"Acme\"}                                    | metadata.source is required",
        "blank source   | {\"metadata\":{\"source\":\"\"},\"id\":\"C1\",\"name\":\"Acme\"}       | metadata.source is required",
        "missing id     | {\"metadata\":{\"source\":\"SAP\"},\"name\":\"Acme\"}                  | id is required",
        "missing name   | {\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\"}                      | name is required",
        "numeric phone  | {\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"A\",\"phone\":5} | phone must be a string",
        "not an object  | [1,2]                                                                 | Request body must be a JSON object",
    })
    void createWithMissingOrMalformedFieldIsAValidationError(String label, String body, String message) {
        assertCorError(client.cor("POST", "/clients", token, body), 400, "ValidationError", "ValidationError", message);
        assertThat(sandbox.corClientCount()).isZero();
    }

    @Test
    void createWithUndocumentedSourceIsAnInvalidSourceError() {
        SandboxClient.Reply reply = client.cor("POST", "/clients", token,
                "{\"metadata\":{\"source\":\"EXCEL\"},\"id\":\"C1\",\"name\":\"Acme\"}");

        assertCorError(reply, 400, "InvalidSourceError", "InvalidSourceError", null);
        assertThat(reply.json().get("message").asText()).startsWith("Invalid source: EXCEL");
    }

    @Test
    void secondCreateForSameExternalIdIsDuplicateAndCounted() {
        String body = "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"Acme\"}";
        assertThat(client.cor("POST", "/clients", token, body).status()).isEqualTo(200);

        assertCorError(client.cor("POST", "/clients", token, body), 400, "DuplicateExternalIdError",
                "DuplicateExternalIdError", "Client with external id 'C1' already exists for source SAP");
        assertThat(sandbox.corClientCount()).isEqualTo(1);
        assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).isEqualTo(1);
        assertThat(sandbox.stats().at("/cor/operations/clients.create/rejections/DuplicateExternalIdError").asLong())
                .isEqualTo(1);
    }

    @Test
    void sameExternalIdUnderAnotherSourceIsAnotherClient() {
        client.cor("POST", "/clients", token, "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"A\"}");

        SandboxClient.Reply reply = client.cor("POST", "/clients", token,
                "{\"metadata\":{\"source\":\"JIRA\"},\"id\":\"C1\",\"name\":\"B\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(sandbox.corClientCount()).isEqualTo(2);
        // COR accepts it (its keys are per source), but one external id now names two clients: counted as a duplicate.
        assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).isEqualTo(1);
    }

    @Test
    void anUpdateUnderAnotherSourceThanTheCreatesIsNotAssociated() {
        client.cor("POST", "/clients", token, "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"A\"}");

        SandboxClient.Reply reply = client.cor("PUT", "/clients/C1", token,
                "{\"metadata\":{\"source\":\"JIRA\"},\"phone\":\"1\"}");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().get("code").asText()).isEqualTo("ZC001");
    }

    @Test
    void updateIsPartialAndKeepsCorId() {
        JsonNode created = client.cor("POST", "/clients", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"Acme\",\"phone\":\"111\"}").json();

        SandboxClient.Reply reply = client.cor("PUT", "/clients/C1", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"website\":\"https://acme.test\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("id")).isEqualTo(created.get("id"));
        assertThat(reply.json().get("name").asText()).isEqualTo("Acme");
        assertThat(reply.json().get("phone").asText()).isEqualTo("111");
        assertThat(reply.json().get("website").asText()).isEqualTo("https://acme.test");
    }

    @Test
    void updateOfUnknownExternalIdIsZc001() {
        assertCorError(client.cor("PUT", "/clients/NOPE", token, "{\"metadata\":{\"source\":\"SAP\"},\"name\":\"X\"}"),
                404, "CORCustomError", "ZC001", "Entity is not associated");
    }

    @Test
    void updateWithAnotherSourceThanAtCreationIsZc001() {
        client.cor("POST", "/clients", token, "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"A\"}");

        assertCorError(client.cor("PUT", "/clients/C1", token, "{\"metadata\":{\"source\":\"JIRA\"},\"name\":\"X\"}"),
                404, "CORCustomError", "ZC001", "Entity is not associated");
        assertThat(sandbox.corClient("SAP", "C1").orElseThrow().get("name").asText()).isEqualTo("A");
    }

    @Test
    void updateWithoutSourceIsAValidationError() {
        assertCorError(client.cor("PUT", "/clients/C1", token, "{\"name\":\"X\"}"),
                400, "ValidationError", "ValidationError", "metadata.source is required");
    }

    @Test
    void deleteRemovesClientAndAnswersWithItsIds() {
        long corId = client.cor("POST", "/clients", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"A\"}").json().get("id").asLong();

        SandboxClient.Reply reply = client.cor("DELETE", "/clients/C1", token, "{\"metadata\":{\"source\":\"SAP\"}}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("message").asText()).isEqualTo("Client deleted successfully");
        assertThat(reply.json().get("external_id").asText()).isEqualTo("C1");
        assertThat(reply.json().get("cor_id").asLong()).isEqualTo(corId);
        assertThat(sandbox.corClientCount()).isZero();
    }

    @Test
    void deleteOfUnknownClientIsClientNotFound() {
        assertCorError(client.cor("DELETE", "/clients/NOPE", token, "{\"metadata\":{\"source\":\"SAP\"}}"),
                404, "ClientNotFoundError", "ClientNotFoundError", "Client with external id 'NOPE' not found");
    }

    @Test
    void deleteWithoutBodySourceIsAValidationError() {
        client.cor("POST", "/clients", token, "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"A\"}");

        assertCorError(client.cor("DELETE", "/clients/C1", token, null),
                400, "ValidationError", "ValidationError", "Request body must be a JSON object");
        assertThat(sandbox.corClientCount()).isEqualTo(1);
    }

    @Test
    void deleteWithAnotherSourceIsZc001() {
        client.cor("POST", "/clients", token, "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"A\"}");

        assertCorError(client.cor("DELETE", "/clients/C1", token, "{\"metadata\":{\"source\":\"JIRA\"}}"),
                404, "CORCustomError", "ZC001", "Entity is not associated");
        assertThat(sandbox.corClientCount()).isEqualTo(1);
    }

    @Test
    void deleteOfClientWithContractsIsADeletionError() {
        client.cor("POST", "/clients", token, "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"A\"}");
        client.cor("POST", "/contracts", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\"}");

        SandboxClient.Reply reply = client.cor("DELETE", "/clients/C1", token, "{\"metadata\":{\"source\":\"SAP\"}}");

        assertCorError(reply, 409, "DeletionError", "DeletionError", null);
        assertThat(sandbox.corClientCount()).isEqualTo(1);
    }

    @Test
    void unknownPathIsNotFoundInCorShape() {
        assertCorError(client.cor("GET", "/clients", token, null), 404, "NotFound", "NotFound",
                "Cannot GET /cor/v2/integrations/clients");
    }
}
