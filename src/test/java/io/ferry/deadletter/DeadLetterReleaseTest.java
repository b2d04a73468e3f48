package io.ferry.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import io.ferry.testing.OperatorClient;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.record.Targets;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter channel end to end (real broker, real HTTP to the sandbox): records parked on a missing exchange
 * rate or a missing client are released when it appears, also after a restart; the loop guard holds a record that
 * keeps parking; the operator interface lists, replays and discards. Every test uses its own currency and ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterReleaseTest {

    private static final Duration RELEASE_WITHIN = Duration.ofSeconds(10);
    private static final String TOKEN = "operator-token-for-tests";
    private static final String RATES_SYNCED = "jms:topic:sync.events.rates-synced";

    private Sandbox sandbox;
    private FerryUnderTest ferry;
    private OperatorClient operator;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.operator.token", TOKEN,
                "ferry.deadletter.max-cycles", "3"));
        operator = new OperatorClient(ferry.operatorUrl(), TOKEN);
        assertThat(ferry.deliver(Targets.COR_CLIENTS, "clients.csv", "id,name\nC-1,Client one\n"))
                .extracting(Row::outcome).containsExactly("created");
    }

    @AfterAll
    void stop() throws Exception {
        ferry.close();
        sandbox.close();
    }

    @Test
    void hundredEurContractsParkUntilTheEurRateIsDroppedAndUsdContractsAreUnaffected() throws Exception {
        StringBuilder contracts = new StringBuilder("id,name,client_id,value,currency\n");
        for (int i = 1; i <= 100; i++) {
            contracts.append("EUR-").append(i).append(",Deal ").append(i).append(",C-1,100,EUR\n");
        }
        for (int i = 1; i <= 5; i++) {
            contracts.append("USD-").append(i).append(",Deal ").append(i).append(",C-1,100,USD\n");
        }

        List<Row> first = ferry.deliver(Targets.COR_CONTRACTS, "eur-contracts.csv", contracts.toString());

        assertThat(first).filteredOn(row -> row.externalId().startsWith("EUR-")).hasSize(100)
                .allSatisfy(row -> assertThat(row.message()).startsWith("awaiting fx:EUR"))
                .extracting(Row::outcome).containsOnly("parked");
        assertThat(first).filteredOn(row -> row.externalId().startsWith("USD-")).extracting(Row::outcome)
                .containsOnly("created").hasSize(5);
        assertThat(operator.get("/deadletter").at("/byAwaiting/fx:EUR").asInt()).isEqualTo(100);

        ferry.deliver(Targets.COR_EXCHANGE_RATES, "eur-rate.csv",
                "foreign_currency,base_currency,amount,factor,effective_date\nEUR,USD,1.08,1,2025-05-01\n");

        await().atMost(RELEASE_WITHIN).untilAsserted(() -> assertThat(ferry.report("eur-contracts.csv"))
                .filteredOn(row -> row.outcome().equals("created") && row.externalId().startsWith("EUR-")).hasSize(100));
        for (int i = 1; i <= 100; i++) {
            assertThat(sandbox.corContract("EUR-" + i)).as("EUR-" + i).isPresent();
        }
        assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).isZero();
        assertThat(operator.get("/deadletter").at("/byAwaiting/fx:EUR").isMissingNode()).isTrue();
    }

    @Test
    void aContractDroppedBeforeItsClientIsDeliveredOnceTheClientIs() throws Exception {
        assertThat(ferry.deliver(Targets.COR_CONTRACTS, "early-contract.csv",
                "id,name,client_id,value\nEARLY-K1,Early deal,LATE-C1,10\n"))
                .extracting(Row::outcome, Row::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("parked",
                        "awaiting cor-client:LATE-C1: " + sandboxClientNotFound("LATE-C1")));

        ferry.deliver(Targets.COR_CLIENTS, "late-client.csv", "id,name\nLATE-C1,Late client\n");

        await().atMost(RELEASE_WITHIN).untilAsserted(() -> assertThat(ferry.report("early-contract.csv"))
                .extracting(Row::outcome).containsExactly("parked", "created"));
        assertThat(sandbox.corContract("EARLY-K1")).isPresent();
    }

    @Test
    void aContractReleasedForItsClientThatNowAwaitsItsRateIsReleasedWhenTheRateIsSynced() throws Exception {
        // The quick start's race: the contract is read before its client, parks for the client, is released when
        // the client is created, and parks again, now for its rate. The rate's sync must release it (the periodic
        // re-check, every 15 minutes, is far beyond RELEASE_WITHIN).
        assertThat(ferry.deliver(Targets.COR_CONTRACTS, "dkk-contract.csv",
                "id,name,client_id,value,currency\nDKK-K1,Danish deal,DKK-C1,10,DKK\n"))
                .extracting(Row::message).allSatisfy(message -> assertThat(message).startsWith("awaiting cor-client"));

        ferry.deliver(Targets.COR_CLIENTS, "dkk-client.csv", "id,name\nDKK-C1,Danish client\n");
        await().atMost(RELEASE_WITHIN).untilAsserted(() -> assertThat(ferry.report("dkk-contract.csv"))
                .extracting(Row::outcome, Row::code).containsExactly(org.assertj.core.groups.Tuple.tuple("parked",
                        "ClientNotFoundError"), org.assertj.core.groups.Tuple.tuple("parked", "CTR006")));

        ferry.deliver(Targets.COR_EXCHANGE_RATES, "dkk-rate.csv",
                "foreign_currency,base_currency,amount,factor,effective_date\nDKK,USD,0.09,1,2025-05-01\n");

        await().atMost(RELEASE_WITHIN).untilAsserted(() -> assertThat(ferry.report("dkk-contract.csv"))
                .extracting(Row::outcome).containsExactly("parked", "parked", "created"));
        assertThat(sandbox.corContract("DKK-K1")).isPresent();
    }

    @Test
    void aMappedContractParkedForItsRateKeepsItsCreateOnlyValuesUntilItIsCreated() throws Exception {
        ferry.deliver(Targets.COR_CLIENTS, "nok-client.csv", "id,name\nACC-NOK,Norwegian client\n");
        // The shipped Salesforce mapping: no contract name in the export, so the create takes the default name and the
        // constant type, both marked on: create; the dead letter must keep them for the create after the release.
        String export = "Contract ID,Contract Number,Account ID,Contract Name,Status,Contract Start Date,"
                + "Contract End Date,Contract Term (months),Contract Currency,Contract Value,Description\n"
                + "800NOK,K-NOK-1,ACC-NOK,,Activated,1/1/2025,12/31/2025,12,NOK,5000.00,Norwegian deal\n";
        assertThat(ferry.deliver("salesforce-contracts", "nok-contracts.csv", export)).extracting(Row::outcome)
                .containsExactly("parked");

        ferry.deliver(Targets.COR_EXCHANGE_RATES, "nok-rate.csv",
                "foreign_currency,base_currency,amount,factor,effective_date\nNOK,USD,0.09,1,2025-05-01\n");

        await().atMost(RELEASE_WITHIN).untilAsserted(() -> assertThat(ferry.report("nok-contracts.csv"))
                .extracting(Row::outcome).containsExactly("parked", "created"));
        JsonNode contract = sandbox.corContract("SALESFORCE", "K-NOK-1").orElseThrow();
        assertThat(contract.get("name").asText()).isEqualTo("Salesforce contract");
        assertThat(contract.get("type").asText()).isEqualTo("retainer");
    }

    private String sandboxClientNotFound(String clientId) throws Exception {
        // The vendor's own message, whatever its wording: read from the dead-letter entry.
        JsonNode entries = operator.get("/deadletter/entries?awaiting=cor-client:" + clientId).get("entries");
        return entries.get(0).get("message").asText();
    }

    @Test
    void parkedRecordsSurviveARestartAndAreStillReleasedByTheRateDrop() throws Exception {
        ferry.deliver(Targets.COR_CONTRACTS, "gbp-contracts.csv",
                "id,name,client_id,value,currency\nGBP-1,Deal,C-1,5,GBP\nGBP-2,Deal,C-1,6,GBP\n");

        ferry.restart();
        operator = new OperatorClient(ferry.operatorUrl(), TOKEN);

        assertThat(operator.get("/deadletter").at("/byAwaiting/fx:GBP").asInt()).isEqualTo(2);
        ferry.deliver(Targets.COR_EXCHANGE_RATES, "gbp-rate.csv",
                "foreign_currency,base_currency,amount,factor,effective_date\nGBP,USD,1.27,1,2025-05-01\n");
        await().atMost(RELEASE_WITHIN).untilAsserted(() -> assertThat(ferry.report("gbp-contracts.csv"))
                .extracting(Row::outcome).containsExactlyInAnyOrder("parked", "parked", "created", "created"));
    }

    @Test
    void aRecordThatKeepsParkingIsHeldAfterTheConfiguredCyclesAndAnOperatorCanReleaseIt() throws Exception {
        ferry.deliver(Targets.COR_CONTRACTS, "jpy-contract.csv", "id,name,client_id,value,currency\nJPY-1,Deal,C-1,5,JPY\n");

        // "Rates synced" for JPY, but the rate never reached COR: every release parks the contract again.
        for (int cycle = 1; cycle <= 3; cycle++) {
            ferry.context().createProducerTemplate().sendBody(RATES_SYNCED, "{\"base\":\"USD\",\"currencies\":[\"JPY\"]}");
            int expected = cycle;
            await().atMost(RELEASE_WITHIN).untilAsserted(() ->
                    assertThat(entry("fx:JPY").get("cycles").asInt()).isEqualTo(expected));
        }
        JsonNode held = entry("fx:JPY");
        assertThat(held.get("held").asBoolean()).isTrue();
        assertThat(held.get("attempts").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(held.get("target").asText()).isEqualTo("cor-contracts");
        assertThat(held.get("source").asText()).isEqualTo("jpy-contract.csv row 1");
        assertThat(held.get("reason").asText()).isEqualTo("CTR006");

        // Held: a fourth event does not release it (the releaser runs in order, so a later release proves it ran).
        ferry.context().createProducerTemplate().sendBody(RATES_SYNCED, "{\"base\":\"USD\",\"currencies\":[\"JPY\"]}");
        ferry.deliver(Targets.COR_CONTRACTS, "chf-contract.csv", "id,name,client_id,value,currency\nCHF-1,Deal,C-1,5,CHF\n");
        ferry.deliver(Targets.COR_EXCHANGE_RATES, "chf-rate.csv",
                "foreign_currency,base_currency,amount,factor,effective_date\nCHF,USD,1.1,1,2025-05-01\n");
        await().atMost(RELEASE_WITHIN).untilAsserted(() -> assertThat(ferry.report("chf-contract.csv"))
                .extracting(Row::outcome).containsExactly("parked", "created"));
        assertThat(entry("fx:JPY").get("cycles").asInt()).isEqualTo(3);
        assertThat(ferry.report("jpy-contract.csv")).hasSize(4);

        // The operator fixes the cause (the JPY rate) and releases the held record by its awaiting key.
        ferry.deliver(Targets.COR_EXCHANGE_RATES, "jpy-rate.csv",
                "foreign_currency,base_currency,amount,factor,effective_date\nJPY,USD,0.0067,1,2025-05-01\n");
        await().atMost(RELEASE_WITHIN).until(() -> operator.get("/deadletter").at("/byAwaiting/fx:JPY").isMissingNode()
                || operator.post("/deadletter/replay?awaiting=fx:JPY").get("delivered").asInt() == 1);
        assertThat(sandbox.corContract("JPY-1")).isPresent();
        assertThat(ferry.report("jpy-contract.csv")).extracting(Row::outcome).last().isEqualTo("created");
    }

    @Test
    void theOperatorInterfaceNeedsTheTokenAndCanDiscardAnEntry() throws Exception {
        ferry.deliver(Targets.COR_CONTRACTS, "sek-contract.csv", "id,name,client_id,value,currency\nSEK-1,Deal,C-1,5,SEK\n");
        String id = entry("fx:SEK").get("id").asText();

        assertThat(operator.call("GET", "/deadletter", null).statusCode()).isEqualTo(401);
        assertThat(operator.call("GET", "/deadletter", "wrong-token").statusCode()).isEqualTo(401);
        assertThat(operator.call("POST", "/deadletter/discard?id=" + id, null).statusCode()).isEqualTo(401);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new DeadLetterCli(ferry.operatorUrl(), TOKEN).run(new String[] {"entries", "--awaiting", "fx:SEK"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(id).contains("SEK-1");

        assertThat(operator.post("/deadletter/discard?id=" + id).get("discarded").asText()).isEqualTo(id);

        assertThat(operator.get("/deadletter/entries?awaiting=fx:SEK").get("entries")).isEmpty();
        assertThat(operator.call("POST", "/deadletter/discard?id=" + id, TOKEN).statusCode()).isEqualTo(404);
    }

    private JsonNode entry(String awaiting) throws Exception {
        JsonNode entries = operator.get("/deadletter/entries?awaiting=" + awaiting).get("entries");
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
