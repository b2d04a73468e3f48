package io.ferry.sandbox;

import static io.ferry.sandbox.ErrorBodies.assertClemtaError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClemtaContactsTest {

    private static final String CONTACT = """
            {"type":"customer","full_name":"Grace Hopper","email":"grace@navy.test","company_id":"cmp-sandbox-1",
             "description":"Rear admiral","cc_emails":["cc@navy.test"],"billing":{"country":"US","iso_code":"US"}}""";

    private Sandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.builder().clemtaRatePerMinute(0)
                .clemtaCompanyIds(List.of("cmp-sandbox-1", "cmp-sandbox-2")).build());
        client = new SandboxClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void createAnswers201WithTheContactInTheEnvelope() {
        SandboxClient.Reply reply = client.clemta("POST", "/contacts", CONTACT);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("success").asBoolean()).isTrue();
        assertThat(reply.json().get("message").asText()).isEqualTo("Contact created successfully");
        JsonNode data = reply.json().get("data");
        assertThat(data.get("id").asText()).matches("[0-9a-f]{24}");
        assertThat(data.get("created_at").isIntegralNumber()).isTrue();
        assertThat(data.get("created_at").asLong()).isBetween(System.currentTimeMillis() / 1000 - 60,
                System.currentTimeMillis() / 1000 + 60);
        assertThat(data.get("full_name").asText()).isEqualTo("Grace Hopper");
        assertThat(data.get("status").asText()).isEqualTo("active");
        assertThat(data.at("/cc_emails/0").asText()).isEqualTo("cc@navy.test");
        assertThat(data.at("/billing/country").asText()).isEqualTo("US");
        assertThat(sandbox.clemtaContact(data.get("id").asText()).orElseThrow()).hasToString(data.toString());
    }

    @Test
    void createStatusIsConfigurable() {
        try (Sandbox ok200 = Sandbox.start(SandboxConfig.builder().clemtaCreateStatus(200).build())) {
            assertThat(new SandboxClient(ok200).clemta("POST", "/contacts", CONTACT).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "full_name", "email", "company_id"})
    void createWithoutARequiredFieldIsInvalidRequest(String field) {
        JsonNode body = client.json(CONTACT);
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove(field);

        assertClemtaError(client.clemta("POST", "/contacts", body.toString()), 400, "INVALID_REQUEST", field + " is required");
        assertThat(sandbox.clemtaContactCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "full_name", "email", "company_id"})
    void patchWithoutARequiredFieldIsInvalidRequest(String field) {
        String id = client.clemta("POST", "/contacts", CONTACT).json().at("/data/id").asText();
        JsonNode body = client.json(CONTACT);
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove(field);

        assertClemtaError(client.clemta("PATCH", "/contacts/" + id, body.toString()), 400, "INVALID_REQUEST",
                field + " is required");
    }

    @Test
    void unknownTypeIsInvalidRequest() {
        assertClemtaError(client.clemta("POST", "/contacts", CONTACT.replace("customer", "partner")), 400,
                "INVALID_REQUEST", "type must be one of: customer, vendor");
    }

    @Test
    void unknownCompanyIsCompanyNotFound() {
        assertClemtaError(client.clemta("POST", "/contacts", CONTACT.replace("cmp-sandbox-1", "cmp-other")), 404,
                "COMPANY_NOT_FOUND", "Company 'cmp-other' does not exist or is not linked to this API key");
        assertClemtaError(client.clemta("GET", "/contacts?company_id=cmp-other", null), 404, "COMPANY_NOT_FOUND", null);
        assertThat(sandbox.clemtaContactCount()).isZero();
    }

    @Test
    void unknownContactIsContactNotFound() {
        String id = "0123456789abcdef01234567";
        assertClemtaError(client.clemta("GET", "/contacts/" + id, null), 404, "CONTACT_NOT_FOUND", null);
        assertClemtaError(client.clemta("PATCH", "/contacts/" + id, CONTACT), 404, "CONTACT_NOT_FOUND", null);
        assertClemtaError(client.clemta("DELETE", "/contacts/" + id, null), 404, "CONTACT_NOT_FOUND", null);
    }

    @Test
    void notFoundCodeIsConfigurable() {
        try (Sandbox mirror = Sandbox.start(SandboxConfig.builder().clemtaNotFoundCode("NOT_FOUND").build())) {
            assertClemtaError(new SandboxClient(mirror).clemta("GET", "/contacts/0123456789abcdef01234567", null),
                    404, "NOT_FOUND", null);
        }
    }

    @Test
    void patchReplacesSentFieldsAndKeepsOmittedOptionalOnes() {
        String id = client.clemta("POST", "/contacts", CONTACT).json().at("/data/id").asText();

        SandboxClient.Reply reply = client.clemta("PATCH", "/contacts/" + id,
                "{\"type\":\"vendor\",\"full_name\":\"Grace B. Hopper\",\"email\":\"grace@navy.test\",\"company_id\":\"cmp-sandbox-1\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("message").asText()).isEqualTo("Contact updated successfully");
        JsonNode data = reply.json().get("data");
        assertThat(data.get("type").asText()).isEqualTo("vendor");
        assertThat(data.get("full_name").asText()).isEqualTo("Grace B. Hopper");
        assertThat(data.get("description").asText()).isEqualTo("Rear admiral");
        assertThat(data.at("/billing/country").asText()).isEqualTo("US");
    }

    @Test
    void aPatchsBillingReplacesTheContactsOrWithPatchBillingMergeIsMergedIntoIt() {
        String id = client.clemta("POST", "/contacts", CONTACT).json().at("/data/id").asText();
        String patch = "{\"type\":\"customer\",\"full_name\":\"Grace Hopper\",\"email\":\"grace@navy.test\","
                + "\"company_id\":\"cmp-sandbox-1\",\"billing\":{\"phone\":\"555\"}}";
        JsonNode replaced = client.clemta("PATCH", "/contacts/" + id, patch).json().at("/data/billing");
        assertThat(replaced).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("phone", "555"));

        sandbox.close();
        sandbox = Sandbox.start(SandboxConfig.builder().clemtaRatePerMinute(0).clemtaBillingMerge(true).build());
        client = new SandboxClient(sandbox);
        String merging = client.clemta("POST", "/contacts", CONTACT).json().at("/data/id").asText();
        JsonNode merged = client.clemta("PATCH", "/contacts/" + merging, patch).json().at("/data/billing");
        assertThat(merged.get("phone").asText()).isEqualTo("555");
        assertThat(merged.get("country").asText()).isEqualTo("US");
    }

    @Test
    void theCompanyOfClemtasDocumentedExamplesIsKnownByDefault() {
        try (Sandbox defaults = Sandbox.start(SandboxConfig.builder().clemtaRatePerMinute(0).build())) {
            SandboxClient.Reply reply = new SandboxClient(defaults).clemta("POST", "/contacts",
                    CONTACT.replace("cmp-sandbox-1", SandboxConfig.DOCUMENTED_CLEMTA_COMPANY));
            assertThat(reply.status()).isEqualTo(201);
        }
    }

    @Test
    void getAndDeleteUseTheEnvelope() {
        String id = client.clemta("POST", "/contacts", CONTACT).json().at("/data/id").asText();

        assertThat(client.clemta("GET", "/contacts/" + id, null).json().at("/data/email").asText())
                .isEqualTo("grace@navy.test");
        SandboxClient.Reply deleted = client.clemta("DELETE", "/contacts/" + id, null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("message").asText()).isEqualTo("Contact deleted successfully");
        assertThat(deleted.json().at("/data/id").asText()).isEqualTo(id);
        assertThat(deleted.json().at("/data/deleted_at").isIntegralNumber()).isTrue();
        assertThat(sandbox.clemtaContactCount()).isZero();
    }

    @Test
    void listNeedsCompanyId() {
        assertClemtaError(client.clemta("GET", "/contacts", null), 400, "INVALID_REQUEST", "company_id is required");
    }

    @Test
    void listSearchesNameOrEmailCaseInsensitivelyWithinTheCompany() {
        client.clemta("POST", "/contacts", CONTACT);
        client.clemta("POST", "/contacts", CONTACT.replace("Grace Hopper", "Alan Turing").replace("grace@", "alan@"));
        client.clemta("POST", "/contacts", CONTACT.replace("cmp-sandbox-1", "cmp-sandbox-2"));

        JsonNode byEmail = client.clemta("GET", "/contacts?company_id=cmp-sandbox-1&search=GRACE%40navy", null).json();
        JsonNode byName = client.clemta("GET", "/contacts?company_id=cmp-sandbox-1&search=turing", null).json();
        JsonNode all = client.clemta("GET", "/contacts?company_id=cmp-sandbox-1&limit=1&skip=1&sort=full_name&order=asc",
                null).json();

        assertThat(byEmail.at("/data/total").asInt()).isEqualTo(1);
        assertThat(byEmail.at("/data/contacts/0/full_name").asText()).isEqualTo("Grace Hopper");
        assertThat(byName.at("/data/contacts/0/email").asText()).isEqualTo("alan@navy.test");
        assertThat(all.at("/data/total").asInt()).isEqualTo(2);
        assertThat(all.at("/data/contacts").size()).isEqualTo(1);
        assertThat(all.at("/data/contacts/0/full_name").asText()).isEqualTo("Grace Hopper");
    }

    @Test
    void secondCreateForSameCompanyAndEmailIsAcceptedButCounted() {
        client.clemta("POST", "/contacts", CONTACT);

        SandboxClient.Reply second = client.clemta("POST", "/contacts", CONTACT.replace("grace@navy.test", "GRACE@navy.test"));
        client.clemta("POST", "/contacts", CONTACT.replace("cmp-sandbox-1", "cmp-sandbox-2"));

        assertThat(second.status()).isEqualTo(201);
        assertThat(sandbox.clemtaContactCount()).isEqualTo(3);
        assertThat(sandbox.stats().at("/clemta/duplicate_creates").asLong()).isEqualTo(1);
    }

    @Test
    void missingAndWrongApiKeyAreTheTwoDocumented401s() {
        assertClemtaError(client.send("POST", SandboxClient.CLEMTA + "/contacts", CONTACT), 401, "API_KEY_REQUIRED", null);
        assertClemtaError(client.send("POST", SandboxClient.CLEMTA + "/contacts", CONTACT, "X-API-KEY", "nope"),
                401, "INVALID_API_KEY", null);
        assertThat(client.send("POST", SandboxClient.CLEMTA + "/contacts", CONTACT, "x-api-key", "sandbox-clemta-key")
                .status()).isEqualTo(201);
    }
}
