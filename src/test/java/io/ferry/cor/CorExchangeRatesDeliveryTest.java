package io.ferry.cor;

import static io.ferry.testing.FerryUnderTest.corCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.record.Targets;
import io.ferry.sandbox.RecordedRequest;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** cor-exchange-rates end to end: batches of at most 20, per-record outcomes, and the rates-synced event. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorExchangeRatesDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Publish-subscribe, so the test sees every event that the release route also receives.
    private static final String EVENTS = "seda:rates-synced?multipleConsumers=true";

    private Sandbox sandbox;
    private FerryUnderTest ferry;
    private MockEndpoint events;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        // A generous wait, so that the two full batches fill up even on a busy machine; only the last one waits.
        ferry = new FerryUnderTest(dir, sandbox, Map.of("cor.rates.batch-wait", "1000ms",
                "cor.rates.synced-endpoint", EVENTS));
        ferry.ferry().context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(EVENTS).routeId("test-rates-synced").to("mock:rates-synced");
            }
        });
        events = ferry.ferry().context().getEndpoint("mock:rates-synced", MockEndpoint.class);
    }

    @AfterAll
    void stop() throws Exception {
        if (ferry != null) {
            ferry.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void fortyFiveRatesMakeThreeCallsAndARejectedRateCarriesCorsMessage() throws Exception {
        events.reset();
        List<String> currencies = Currency.getAvailableCurrencies().stream().map(Currency::getCurrencyCode)
                .filter(code -> !code.equals("USD")).sorted().limit(44).toList();
        StringBuilder csv = new StringBuilder("foreign_currency,amount,factor,effective_date\n");
        currencies.forEach(code -> csv.append(code).append(",1.25,1,2025-03-20\n"));
        csv.append("QQQ,1,1,2025-03-20\n");

        List<Row> rows = ferry.deliver(Targets.COR_EXCHANGE_RATES, "rates-45.csv", csv.toString());

        assertThat(rows).hasSize(45);
        assertThat(rows).filteredOn(r -> !r.externalId().startsWith("QQQ")).extracting(Row::outcome)
                .containsOnly("created");
        assertThat(rows).filteredOn(r -> r.externalId().startsWith("QQQ"))
                .extracting(Row::externalId, Row::outcome, Row::code, Row::message)
                .containsExactly(tuple("QQQ/2025-03-20", "rejected", "RATE_REJECTED", "Currency not found"));

        List<RecordedRequest> calls = corCalls(sandbox).stream()
                .filter(r -> r.path().equals("/cor/v2/integrations/currency-exchanges")).toList();
        assertThat(calls).hasSize(3).allSatisfy(call -> assertThat(call.method()).isEqualTo("POST"));
        List<Integer> sizes = new ArrayList<>();
        for (RecordedRequest call : calls) {
            JsonNode body = JSON.readTree(call.body());
            assertThat(body.get("metadata")).isEqualTo(CorRecords.json("{'source':'SALESFORCE'}"));
            sizes.add(body.get("currency_exchanges").size());
        }
        assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(1, 20));
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(45);
        assertThat(sandbox.corExchangeRateCount()).isEqualTo(44);

        // One event per batch with accepted rates; together they name every synced currency, never the rejected one.
        Set<String> synced = new TreeSet<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.getReceivedCounter() >= 3);
        for (int i = 0; i < 3; i++) {
            JsonNode event = JSON.readTree(events.getReceivedExchanges().get(i).getIn().getBody(String.class));
            assertThat(event.get("base").asText()).isEqualTo("USD");
            event.get("currencies").forEach(c -> synced.add(c.asText()));
        }
        assertThat(synced).isEqualTo(new TreeSet<>(currencies));
    }

    @Test
    void contractParkedOnCtr006GoesThroughOnceItsRateIsSynced() throws Exception {
        events.reset();
        ferry.deliver(Targets.COR_CLIENTS, "zar-client.csv", "id,name\nZAR-C1,South African client\n");
        String contract = "id,name,client_id,value,currency\nZAR-K1,South African deal,ZAR-C1,500,ZAR\n";
        assertThat(ferry.deliver(Targets.COR_CONTRACTS, "zar-contract-1.csv", contract))
                .extracting(Row::outcome, Row::message)
                .containsExactly(tuple("parked", "awaiting fx:ZAR: Cannot save contract. Exchange rate not found for ZAR"
                        + " to USD. Please sync exchange rates first."));

        assertThat(ferry.deliver(Targets.COR_EXCHANGE_RATES, "zar-rate.csv",
                "foreign_currency,base_currency,amount,factor,effective_date\nZAR,USD,1.13,1,2025-04-01\n"))
                .extracting(Row::outcome).containsExactly("created");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.getReceivedCounter() >= 1);
        JsonNode event = JSON.readTree(events.getReceivedExchanges().get(0).getIn().getBody(String.class));
        assertThat(event).isEqualTo(CorRecords.json("{'base':'USD','currencies':['ZAR']}"));

        // The release machinery sends the parked contract again and appends its final outcome to the same report.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(ferry.report("zar-contract-1.csv"))
                .extracting(Row::outcome).containsExactly("parked", "created"));
        assertThat(sandbox.corContract("ZAR-K1")).isPresent();
        // The same rate again replaces it.
        assertThat(ferry.deliver(Targets.COR_EXCHANGE_RATES, "zar-rate-again.csv",
                "foreign_currency,amount,factor,effective_date\nZAR,1.14,1,2025-04-01\n"))
                .extracting(Row::outcome).containsExactly("updated");
    }

    @Test
    void invalidRatesAreRejectedLocallyNamingTheField() throws Exception {
        int before = corCalls(sandbox).size();
        List<Row> rows = ferry.deliver(Targets.COR_EXCHANGE_RATES, "bad-rates.csv",
                "foreign_currency,amount,factor,effective_date\nEUR,\"1,08\",1,2025-03-20\nEUR,1.08,1,20/03/2025\n");
        assertThat(rows.stream().map(Row::message).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "amount must be a number such as 1500.50 (no thousands separators), got '1,08'",
                "effective_date must be YYYY-MM-DD or an ISO 8601 date-time such as 2025-03-20T02:00:00Z, got '20/03/2025'");
        assertThat(rows).extracting(Row::outcome).containsOnly("rejected");
        assertThat(corCalls(sandbox)).hasSize(before);
    }
}
