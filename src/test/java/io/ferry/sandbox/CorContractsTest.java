package io.ferry.sandbox;

import static io.ferry.sandbox.ErrorBodies.assertCorError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorContractsTest {

    private static final String EUR_RATE = """
            {"metadata":{"source":"SAP"},"currency_exchanges":[{"foreign_currency":"EUR","base_currency":"USD",
             "amount":1.08,"factor":1,"effective_date":"2025-03-20T02:00:00Z"}]}""";

    private Sandbox sandbox;
    private SandboxClient client;
    private String token;
    private long clientCorId;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        client = new SandboxClient(sandbox);
        token = client.corToken();
        clientCorId = client.cor("POST", "/clients", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"Acme\"}").json().get("id").asLong();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void createReturnsContractWithNumericClientId() {
        SandboxClient.Reply reply = client.cor("POST", "/contracts", token, """
                {"metadata":{"source":"SAP"},"id":"K1","name":"Retainer 2025","client_id":"C1","type":"retainer",
                 "status":"active","start_date":"2025-01-01","end_date":"2025-12-31","value":12000.5}""");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("id").asLong()).isNotEqualTo(clientCorId);
        assertThat(body.get("client_id").asLong()).isEqualTo(clientCorId);
        assertThat(body.get("type").asText()).isEqualTo("retainer");
        assertThat(body.get("start_date").asText()).isEqualTo("2025-01-01");
        assertThat(body.get("value").asDouble()).isEqualTo(12000.5);
        assertThat(body.get("company_id").asLong()).isEqualTo(1001);
        assertThat(sandbox.corContractCount()).isEqualTo(1);
        assertThat(sandbox.corContract("K1").orElseThrow().get("id").asLong()).isEqualTo(body.get("id").asLong());
        assertThat(sandbox.corClient("C1").orElseThrow().get("id").asLong()).isEqualTo(clientCorId);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing source    | {\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\"}                                        | metadata.source is required",
        "missing id        | {\"metadata\":{\"source\":\"SAP\"},\"name\":\"K\",\"client_id\":\"C1\"}                   | id is required",
        "missing name      | {\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"client_id\":\"C1\"}                    | name is required",
        "missing client_id | {\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\"}                          | client_id is required",
        "slashed start     | {\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\",\"start_date\":\"2025/01/01\"} | Invalid start date format: 2025/01/01",
        "impossible end    | {\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\",\"end_date\":\"2025-02-30\"}  | Invalid end date format: 2025-02-30",
        "text value        | {\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\",\"value\":\"100\"}           | value must be a number",
        "unknown currency  | {\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\",\"currency\":\"ZZZ\"}        | Currency not found",
    })
    void createWithMissingOrMalformedFieldIsAValidationError(String label, String body, String message) {
        assertCorError(client.cor("POST", "/contracts", token, body), 400, "ValidationError", "ValidationError", message);
        assertThat(sandbox.corContractCount()).isZero();
    }

    @Test
    void createWithInvalidSourceIsAnInvalidSourceError() {
        assertCorError(client.cor("POST", "/contracts", token,
                "{\"metadata\":{\"source\":\"sap\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\"}"),
                400, "InvalidSourceError", "InvalidSourceError", null);
    }

    @Test
    void startAfterEndIsAnInvalidDateRangeError() {
        assertCorError(client.cor("POST", "/contracts", token, """
                {"metadata":{"source":"SAP"},"id":"K1","name":"K","client_id":"C1",
                 "start_date":"2025-06-01","end_date":"2025-05-31"}"""),
                400, "InvalidDateRangeError", "InvalidDateRangeError", "start_date must not be after end_date");
    }

    @Test
    void contractOfUnsyncedClientIsClientNotFound() {
        assertCorError(client.cor("POST", "/contracts", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C-LATER\"}"),
                404, "ClientNotFoundError", "ClientNotFoundError", "Client with external id 'C-LATER' not found");
    }

    @Test
    void contractOfClientCreatedUnderAnotherSourceIsClientNotFound() {
        assertCorError(client.cor("POST", "/contracts", token,
                "{\"metadata\":{\"source\":\"JIRA\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\"}"),
                404, "ClientNotFoundError", "ClientNotFoundError", null);
    }

    @Test
    void secondCreateForSameExternalIdIsDuplicateAndCounted() {
        String body = "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\"}";
        assertThat(client.cor("POST", "/contracts", token, body).status()).isEqualTo(200);

        assertCorError(client.cor("POST", "/contracts", token, body), 400, "DuplicateExternalIdError",
                "DuplicateExternalIdError", "Contract with external id 'K1' already exists for source SAP");
        assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).isEqualTo(1);
    }

    @Test
    void eurContractIsCtr006BeforeTheRateAndSucceedsAfter() {
        String contract = "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"K-EUR\",\"name\":\"K\",\"client_id\":\"C1\","
                + "\"currency\":\"EUR\"}";

        assertCorError(client.cor("POST", "/contracts", token, contract), 400, "CORCustomError", "CTR006",
                "Cannot save contract. Exchange rate not found for EUR to USD. Please sync exchange rates first.");
        assertThat(sandbox.corContractCount()).isZero();

        assertThat(client.cor("POST", "/currency-exchanges", token, EUR_RATE).json().get("status").asText())
                .isEqualTo("success");
        SandboxClient.Reply retried = client.cor("POST", "/contracts", token, contract);

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("currency").asText()).isEqualTo("EUR");
        assertThat(sandbox.stats().at("/cor/operations/contracts.create/rejections/CTR006").asLong()).isEqualTo(1);
    }

    @Test
    void ctr006NamesTheConfiguredBaseCurrency() {
        try (Sandbox eurBased = Sandbox.start(SandboxConfig.builder().corBaseCurrency("EUR").build())) {
            SandboxClient c = new SandboxClient(eurBased);
            String t = c.corToken();
            c.cor("POST", "/clients", t, "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"C1\",\"name\":\"A\"}");

            assertCorError(c.cor("POST", "/contracts", t,
                    "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"K\",\"name\":\"K\",\"client_id\":\"C1\",\"currency\":\"USD\"}"),
                    400, "CORCustomError", "CTR006",
                    "Cannot save contract. Exchange rate not found for USD to EUR. Please sync exchange rates first.");
        }
    }

    @Test
    void contractInBaseCurrencyNeedsNoRate() {
        assertThat(client.cor("POST", "/contracts", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\",\"currency\":\"USD\"}")
                .status()).isEqualTo(200);
    }

    @Test
    void updateToCurrencyWithoutRateIsCtr006AndLeavesContractUnchanged() {
        client.cor("POST", "/contracts", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\"}");

        assertCorError(client.cor("PUT", "/contracts/K1", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"currency\":\"GBP\",\"name\":\"Renamed\"}"),
                400, "CORCustomError", "CTR006",
                "Cannot save contract. Exchange rate not found for GBP to USD. Please sync exchange rates first.");
        assertThat(sandbox.corContract("SAP", "K1").orElseThrow().get("name").asText()).isEqualTo("K");
    }

    @Test
    void updateIsPartialAndChecksTheMergedDateRange() {
        client.cor("POST", "/contracts", token, """
                {"metadata":{"source":"SAP"},"id":"K1","name":"K","client_id":"C1","end_date":"2025-12-31","status":"active"}""");

        SandboxClient.Reply ok = client.cor("PUT", "/contracts/K1", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"status\":\"completed\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("status").asText()).isEqualTo("completed");
        assertThat(ok.json().get("end_date").asText()).isEqualTo("2025-12-31");

        assertCorError(client.cor("PUT", "/contracts/K1", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"start_date\":\"2026-01-01\"}"),
                400, "InvalidDateRangeError", "InvalidDateRangeError", null);
    }

    @Test
    void updateOfUnknownOrOtherSourceContractIsZc001() {
        client.cor("POST", "/contracts", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\"}");

        assertCorError(client.cor("PUT", "/contracts/NOPE", token, "{\"metadata\":{\"source\":\"SAP\"},\"name\":\"X\"}"),
                404, "CORCustomError", "ZC001", "Entity is not associated");
        assertCorError(client.cor("PUT", "/contracts/K1", token, "{\"metadata\":{\"source\":\"OKTA\"},\"name\":\"X\"}"),
                404, "CORCustomError", "ZC001", "Entity is not associated");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "end_date    | Invalid end date format: null",
        "start_date  | Invalid start date format: null",
        "value       | value must be a number",
        "type        | type must be a string",
        "status      | status must be a string",
        "currency    | currency must be a string",
    })
    void aNullForAFieldCorValidatesIsAValidationErrorAndANullDescriptionClears(String field, String message) {
        client.cor("POST", "/contracts", token, """
                {"metadata":{"source":"SAP"},"id":"K1","name":"K","client_id":"C1","description":"D","type":"retainer",
                 "status":"active","start_date":"2025-01-01","end_date":"2025-12-31","value":5}""");

        assertCorError(client.cor("PUT", "/contracts/K1", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"" + field + "\":null}"), 400, "ValidationError",
                "ValidationError", message);
        SandboxClient.Reply cleared = client.cor("PUT", "/contracts/K1", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"description\":null}");
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(sandbox.corContract("SAP", "K1").orElseThrow().get("description").isNull()).isTrue();
        assertThat(sandbox.corContract("SAP", "K1").orElseThrow().get("end_date").asText()).isEqualTo("2025-12-31");
    }

    @Test
    void updateWithBadStartDateNamesTheValue() {
        client.cor("POST", "/contracts", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\"}");

        assertCorError(client.cor("PUT", "/contracts/K1", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"start_date\":\"01-02-2025\"}"),
                400, "ValidationError", "ValidationError", "Invalid start date format: 01-02-2025");
    }

    @Test
    void deleteRemovesContractThenUnknownIsContractNotFound() {
        long corId = client.cor("POST", "/contracts", token,
                "{\"metadata\":{\"source\":\"SAP\"},\"id\":\"K1\",\"name\":\"K\",\"client_id\":\"C1\"}").json().get("id").asLong();

        SandboxClient.Reply deleted = client.cor("DELETE", "/contracts/K1", token, "{\"metadata\":{\"source\":\"SAP\"}}");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("message").asText()).isEqualTo("Contract deleted successfully");
        assertThat(deleted.json().get("cor_id").asLong()).isEqualTo(corId);

        assertCorError(client.cor("DELETE", "/contracts/K1", token, "{\"metadata\":{\"source\":\"SAP\"}}"),
                404, "ContractNotFoundError", "ContractNotFoundError", "Contract with external id 'K1' not found");
        assertThat(client.cor("DELETE", "/clients/C1", token, "{\"metadata\":{\"source\":\"SAP\"}}").status())
                .isEqualTo(200);
    }
}
