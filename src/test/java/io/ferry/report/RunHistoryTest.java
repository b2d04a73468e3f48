package io.ferry.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.record.Targets;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.OperatorClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run history end to end: every file is a run with its own report and kept copy, none overwriting another, and
 * the operator interface lists and shows the runs with the counts of their records' final outcomes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunHistoryTest {

    private static final String TOKEN = "operator-token-for-run-history";

    private Sandbox sandbox;
    private FerryUnderTest ferry;
    private OperatorClient operator;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.operator.token", TOKEN));
        operator = new OperatorClient(ferry.operatorUrl(), TOKEN);
    }

    @AfterAll
    void stop() throws Exception {
        ferry.close();
        sandbox.close();
    }

    @Test
    void theSameFileNameTwiceInOneFolderAndOnceInAnotherIsThreeRunsWithThreeReportsAndNothingOverwritten()
            throws Exception {
        List<Row> first = ferry.deliver(Targets.COR_CLIENTS, "accounts.csv", "id,name\nRH-1,Acme\nRH-2,\n");
        List<Row> second = ferry.deliver(Targets.COR_CLIENTS, "accounts.csv", "id,name\nRH-1,Acme Holdings\n");
        List<Row> third = ferry.deliver("salesforce-accounts", "accounts.csv",
                Files.readString(Path.of("examples/salesforce/accounts.csv")));

        assertThat(first).extracting(Row::outcome).containsExactly("created", "rejected");
        assertThat(second).extracting(Row::outcome).containsExactly("updated");
        assertThat(third).hasSize(9);
        assertThat(ferry.reportsOf("accounts.csv")).hasSize(3);
        assertThat(FerryUnderTest.keptCopies(ferry.inbox(Targets.COR_CLIENTS).resolve(".done"), "accounts.csv"))
                .hasSize(2);
        assertThat(FerryUnderTest.keptCopies(ferry.inbox("salesforce-accounts").resolve(".done"), "accounts.csv"))
                .hasSize(1);

        JsonNode runs = operator.get("/runs?source=" + Targets.COR_CLIENTS);
        JsonNode newest = runs.get("runs").get(0);
        JsonNode older = runs.get("runs").get(1);
        assertThat(newest.get("input").asText()).isEqualTo("accounts.csv");
        assertThat(newest.get("id").asLong()).isGreaterThan(older.get("id").asLong());
        assertThat(newest.at("/counts/updated").asInt()).isEqualTo(1);
        assertThat(newest.get("total").asInt()).isEqualTo(1);
        assertThat(older.at("/counts/created").asInt()).isEqualTo(1);
        assertThat(older.at("/counts/rejected").asInt()).isEqualTo(1);
        assertThat(older.get("state").asText()).isEqualTo("done");
        assertThat(older.get("day").asText()).isEqualTo(LocalDate.now().toString());

        JsonNode mapped = operator.get("/runs?source=salesforce-accounts").get("runs").get(0);
        assertThat(mapped.at("/counts/created").asInt() + mapped.at("/counts/rejected").asInt()).isEqualTo(9);
        assertThat(mapped.get("report").asText()).startsWith("salesforce-accounts/" + LocalDate.now() + "/accounts.csv.");

        JsonNode detail = operator.get("/runs/" + older.get("id").asLong());
        assertThat(detail.get("rows")).hasSize(1);
        assertThat(detail.get("rows").get(0).get("external_id").asText()).isEqualTo("RH-2");
        assertThat(detail.get("rows").get(0).get("code").asText()).isEqualTo("NOTHING_TO_UPDATE");
        HttpResponse<String> report = operator.call("GET", "/runs/" + older.get("id").asLong() + "/report.csv", TOKEN);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/csv"));
        assertThat(report.body()).isEqualTo(Files.readString(ferry.reports().resolve(older.get("report").asText())));
    }

    @Test
    void runsAreFilteredAndPagedAndNeedTheToken() throws Exception {
        ferry.deliver(Targets.COR_CLIENTS, "filter-1.csv", "id,name\nRF-1,One\n");
        ferry.deliver(Targets.COR_CLIENTS, "filter-2.csv", "id,name\nRF-2,Two\n");

        JsonNode page = operator.get("/runs?source=" + Targets.COR_CLIENTS + "&state=done&date=" + LocalDate.now()
                + "&limit=1");
        assertThat(page.get("runs")).hasSize(1);
        assertThat(page.get("total").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(page.get("runs").get(0).get("input").asText()).isEqualTo("filter-2.csv");
        assertThat(operator.get("/runs?source=" + Targets.COR_CLIENTS + "&limit=1&offset=1").get("runs").get(0)
                .get("input").asText()).isEqualTo("filter-1.csv");
        assertThat(operator.get("/runs?date=2001-01-01").get("runs")).isEmpty();
        assertThat(operator.call("GET", "/runs?state=sleeping", TOKEN).statusCode()).isEqualTo(400);
        assertThat(operator.call("GET", "/runs", null).statusCode()).isEqualTo(401);
        assertThat(operator.call("GET", "/runs/999999", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void aParkedRecordReleasedLaterMovesItsRunsCountFromParkedToCreated() throws Exception {
        ferry.deliver(Targets.COR_CLIENTS, "rh-client.csv", "id,name\nRH-C1,Client\n");
        ferry.deliver(Targets.COR_CONTRACTS, "rh-contracts.csv",
                "id,name,client_id,value,currency\nRH-K1,Deal,RH-C1,5,SEK\nRH-K2,Deal,RH-C1,5,USD\n");
        JsonNode run = operator.get("/runs?source=" + Targets.COR_CONTRACTS).get("runs").get(0);
        assertThat(run.at("/counts/parked").asInt()).isEqualTo(1);
        assertThat(run.at("/counts/created").asInt()).isEqualTo(1);
        assertThat(operator.get("/runs/" + run.get("id").asLong()).get("rows")).extracting(r -> r.get("outcome")
                .asText() + " " + r.get("external_id").asText()).containsExactly("parked RH-K1");

        ferry.deliver(Targets.COR_EXCHANGE_RATES, "rh-rate.csv",
                "foreign_currency,base_currency,amount,factor,effective_date\nSEK,USD,0.094,1,2025-05-01\n");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode after = operator.get("/runs/" + run.get("id").asLong());
            assertThat(after.at("/counts/parked").asInt()).isZero();
            assertThat(after.at("/counts/created").asInt()).isEqualTo(2);
            assertThat(after.get("total").asInt()).isEqualTo(2);
            assertThat(after.get("rows")).isEmpty();
        });
        assertThat(ferry.report("rh-contracts.csv")).extracting(Row::outcome).containsExactly("parked", "created",
                "created");
    }

    @Test
    void theVendorsShowTheirStateRateLimitAndCalls() throws Exception {
        ferry.deliver(Targets.COR_CLIENTS, "vendor-calls.csv", "id,name\nRV-1,Called\n");
        JsonNode vendors = operator.get("/vendors").get("vendors");
        assertThat(vendors.fieldNames()).toIterable().containsExactlyInAnyOrder("cor", "complycube", "clemta");
        assertThat(vendors.at("/cor/state").asText()).isEqualTo("enabled");
        assertThat(vendors.at("/cor/calls").asLong()).isPositive();
        assertThat(vendors.at("/cor/rateLimit").asDouble()).isZero();
        assertThat(vendors.at("/complycube/rateLimit").asDouble()).isEqualTo(9.7);
    }

    @Test
    void aQueuesDayIsARunOfItsOwn() throws Exception {
        ferry.context().createProducerTemplate().sendBody("jms:queue:sync.in.cor-clients",
                "[{\"id\":\"RQ-1\",\"name\":\"Queued\"}]");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode run = operator.get("/runs?source=sync.in.cor-clients").get("runs").get(0);
            assertThat(run.get("kind").asText()).isEqualTo("queue");
            assertThat(run.get("target").asText()).isEqualTo(Targets.COR_CLIENTS);
            assertThat(run.get("state").asText()).isEqualTo("running");
            assertThat(run.at("/counts/created").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(run.get("report").asText()).isEqualTo("sync.in.cor-clients/" + LocalDate.now()
                    + "/sync.in.cor-clients." + run.get("id").asLong() + ".report.csv");
        });
        assertThat(ferry.dailyReport("sync.in.cor-clients")).extracting(Row::externalId).contains("RQ-1");
    }
}
