package io.ferry.sandbox;

import static io.ferry.sandbox.ErrorBodies.assertCorError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CorExchangeRatesTest {

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

    private static String rate(String foreign, String base, String day) {
        return "{\"foreign_currency\":\"" + foreign + "\",\"base_currency\":\"" + base
                + "\",\"amount\":100,\"factor\":1,\"effective_date\":\"" + day + "T02:00:00Z\"}";
    }

    private SandboxClient.Reply post(String source, String... rates) {
        return client.cor("POST", "/currency-exchanges", token, "{\"metadata\":{\"source\":\"" + source
                + "\"},\"currency_exchanges\":[" + String.join(",", rates) + "]}");
    }

    @Test
    void newRatesAreCreated() {
        SandboxClient.Reply reply = post("SAP", rate("EUR", "USD", "2025-03-20"), rate("GBP", "USD", "2025-03-20"));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.get("status").asText()).isEqualTo("success");
        assertThat(body.get("company_id").asLong()).isEqualTo(1001);
        assertThat(body.get("records_received").asInt()).isEqualTo(2);
        assertThat(body.get("records_created").asInt()).isEqualTo(2);
        assertThat(body.get("records_replaced").asInt()).isZero();
        assertThat(body.get("records_deduplicated").asInt()).isZero();
        assertThat(body.get("records_rejected").asInt()).isZero();
        assertThat(body.get("errors")).isEmpty();
        assertThat(sandbox.corExchangeRateCount()).isEqualTo(2);
    }

    @Test
    void mixedBatchReportsEveryCountAndError() {
        SandboxClient.Reply reply = post("SAP",
                rate("EUR", "USD", "2025-03-20"),
                rate("EUR", "USD", "2025-03-20"),
                rate("GBP", "EUR", "2025-03-20"),
                rate("ZZZ", "USD", "2025-03-20"));

        JsonNode body = reply.json();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(body.get("status").asText()).isEqualTo("partial");
        assertThat(body.get("records_received").asInt()).isEqualTo(4);
        assertThat(body.get("records_deduplicated").asInt()).isEqualTo(1);
        assertThat(body.get("records_created").asInt()).isEqualTo(1);
        assertThat(body.get("records_rejected").asInt()).isEqualTo(2);
        assertThat(body.get("errors")).hasSize(2);
        assertThat(body.get("errors").get(0).toString())
                .isEqualTo("{\"from_currency\":\"GBP\",\"to_currency\":\"EUR\",\"message\":\"Base currency mismatch\"}");
        assertThat(body.get("errors").get(1).toString())
                .isEqualTo("{\"from_currency\":\"ZZZ\",\"to_currency\":\"USD\",\"message\":\"Currency not found\"}");
    }

    @Test
    void resendingTheSameDayReplacesAndAnotherDayCreates() {
        post("SAP", rate("EUR", "USD", "2025-03-20"));

        JsonNode body = post("SAP", rate("EUR", "USD", "2025-03-20"), rate("EUR", "USD", "2025-03-21")).json();

        assertThat(body.get("records_replaced").asInt()).isEqualTo(1);
        assertThat(body.get("records_created").asInt()).isEqualTo(1);
        assertThat(sandbox.corExchangeRateCount()).isEqualTo(2);
    }

    @Test
    void batchWhereEveryRecordIsRejectedFails() {
        JsonNode body = post("SAP", rate("EUR", "GBP", "2025-03-20"),
                "{\"foreign_currency\":\"EUR\",\"base_currency\":\"USD\",\"amount\":1,\"factor\":1}").json();

        assertThat(body.get("status").asText()).isEqualTo("failed");
        assertThat(body.get("records_rejected").asInt()).isEqualTo(2);
        assertThat(body.at("/errors/1/message").asText()).isEqualTo("effective_date is required");
        assertThat(sandbox.corExchangeRateCount()).isZero();
    }

    @Test
    void moreThanTwentyRecordsIsAValidationError() {
        String[] rates = IntStream.rangeClosed(1, 21)
                .mapToObj(day -> rate("EUR", "USD", String.format("2025-01-%02d", day)))
                .collect(Collectors.toList()).toArray(new String[0]);

        assertCorError(post("SAP", rates), 400, "ValidationError", "ValidationError",
                "currency_exchanges must contain at most 20 records, got 21");
        assertThat(sandbox.corExchangeRateCount()).isZero();
    }

    @Test
    void exactlyTwentyRecordsAreAccepted() {
        String[] rates = IntStream.rangeClosed(1, 20)
                .mapToObj(day -> rate("EUR", "USD", String.format("2025-01-%02d", day)))
                .collect(Collectors.toList()).toArray(new String[0]);

        assertThat(post("SAP", rates).json().get("records_created").asInt()).isEqualTo(20);
    }

    @Test
    void globantRatesNeedLastUpdateOnTheEffectiveDay() {
        String sameDay = "{\"foreign_currency\":\"EUR\",\"base_currency\":\"USD\",\"amount\":1,\"factor\":1,"
                + "\"effective_date\":\"2025-03-20T02:00:00Z\",\"metadata\":{\"last_updated_datetime\":\"2025-03-20T23:00:00Z\"}}";
        String otherDay = "{\"foreign_currency\":\"GBP\",\"base_currency\":\"USD\",\"amount\":1,\"factor\":1,"
                + "\"effective_date\":\"2025-03-20T02:00:00Z\",\"metadata\":{\"last_updated_datetime\":\"2025-03-21T00:00:00Z\"}}";

        JsonNode body = post("GLOBANT", sameDay, otherDay).json();

        assertThat(body.get("records_created").asInt()).isEqualTo(1);
        assertThat(body.at("/errors/0/message").asText())
                .isEqualTo("effective_date and metadata.last_updated_datetime must be on the same day");
    }

    @Test
    void missingArrayAndInvalidSourceAreRejectedWhole() {
        assertCorError(client.cor("POST", "/currency-exchanges", token, "{\"metadata\":{\"source\":\"SAP\"}}"),
                400, "ValidationError", "ValidationError", "currency_exchanges is required");
        assertCorError(post("NETSUITE", rate("EUR", "USD", "2025-03-20")), 400, "InvalidSourceError",
                "InvalidSourceError", null);
    }
}
