package io.ferry.cor;

import static io.ferry.testing.FerryUnderTest.corCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.record.Targets;
import io.ferry.sandbox.Faults;
import io.ferry.sandbox.RecordedRequest;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.store.IdMapStore;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.SandboxCorClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * cor-clients and cor-contracts end to end: files dropped into a running Ferry, delivered over loopback HTTP to the
 * sandbox, checked in the report and in the sandbox's request journal. Every test uses its own external ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorUpsertDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // Headers the HTTP client adds by itself; everything else must be exactly what COR documents.
    private static final Set<String> TRANSPORT = Set.of("host", "content-length", "connection", "user-agent",
            "accept-encoding");

    private Sandbox sandbox;
    private FerryUnderTest ferry;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults());
        ferry = new FerryUnderTest(dir, sandbox, Map.of());
        // Fetches the first token, so that faults set by a test hit the calls under test, not the token endpoint.
        assertThat(ferry.deliver(Targets.COR_CLIENTS, "warm-up.csv", "id,name\nWARM-1,Warm up\n"))
                .extracting(Row::outcome).containsExactly("created");
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

    @AfterEach
    void noFaults() {
        sandbox.setFaults("cor", Faults.NONE);
    }

    @Test
    void documentedClientCreateAndUpdateAreSentExactlyAsDocumented() throws Exception {
        assertThat(ferry.deliver(Targets.COR_CLIENTS, "doc-client-create.csv", CorExamples.CLIENT_CSV))
                .extracting(Row::outcome).containsExactly("created");
        RecordedRequest create = lastCall("/cor/v2/integrations/clients");
        assertThat(create.method()).isEqualTo("POST");
        assertDocumentedHeaders(create);
        assertThat(JSON.readTree(create.body())).isEqualTo(CorRecords.json(CorExamples.CLIENT_CREATE));

        assertThat(ferry.deliver(Targets.COR_CLIENTS, "doc-client-update.csv", CorExamples.CLIENT_UPDATE_CSV))
                .extracting(Row::outcome).containsExactly("updated");
        RecordedRequest update = lastCall("/cor/v2/integrations/clients/SF-1001");
        assertThat(update.method()).isEqualTo("PUT");
        assertDocumentedHeaders(update);
        assertThat(JSON.readTree(update.body())).isEqualTo(CorRecords.json(CorExamples.CLIENT_UPDATE));
        assertThat(sandbox.corClient("SALESFORCE", "SF-1001").orElseThrow().get("name").asText())
                .isEqualTo("Acme Holdings");
    }

    @Test
    void documentedContractCreateAndUpdateAreSentExactlyAsDocumented() throws Exception {
        ferry.deliver(Targets.COR_CLIENTS, "doc-contract-client.csv", "id,name\nSF-1002,Acme Europe\n");
        assertThat(ferry.deliver(Targets.COR_CONTRACTS, "doc-contract-create.csv", CorExamples.CONTRACT_CSV))
                .extracting(Row::outcome).containsExactly("created");
        RecordedRequest create = lastCall("/cor/v2/integrations/contracts");
        assertThat(create.method()).isEqualTo("POST");
        assertDocumentedHeaders(create);
        assertThat(JSON.readTree(create.body())).isEqualTo(CorRecords.json(CorExamples.CONTRACT_CREATE));

        assertThat(ferry.deliver(Targets.COR_CONTRACTS, "doc-contract-update.csv", CorExamples.CONTRACT_UPDATE_CSV))
                .extracting(Row::outcome).containsExactly("updated");
        RecordedRequest update = lastCall("/cor/v2/integrations/contracts/CT-2001");
        assertThat(update.method()).isEqualTo("PUT");
        assertDocumentedHeaders(update);
        assertThat(JSON.readTree(update.body())).isEqualTo(CorRecords.json(CorExamples.CONTRACT_UPDATE));
    }

    @Test
    void unknownIsPostedAndKnownIsPut() throws Exception {
        List<Row> first = ferry.deliver(Targets.COR_CLIENTS, "up-1.csv", "id,name\nUP-1,First\n");
        assertThat(first).extracting(Row::outcome, r -> r.get("http_status")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("created", "200"));
        List<Row> second = ferry.deliver(Targets.COR_CLIENTS, "up-1-again.csv", "id,name\nUP-1,Second\n");
        assertThat(second).extracting(Row::outcome).containsExactly("updated");
        assertThat(calls("UP-1")).containsExactly("POST /cor/v2/integrations/clients 200",
                "PUT /cor/v2/integrations/clients/UP-1 200");
        String corId = Long.toString(sandbox.corClient("SALESFORCE", "UP-1").orElseThrow().get("id").asLong());
        assertThat(ferry.bean("idMap", IdMapStore.class).find(Targets.COR_CLIENTS, "UP-1").orElseThrow().vendorId())
                .isEqualTo(corId);
    }

    @Test
    void postAnsweredDuplicateIsRetriedAsPut() throws Exception {
        // Created behind Ferry's back: Ferry's id map does not know it.
        assertThat(new SandboxCorClient(sandbox).send("POST", "/clients",
                "{'metadata':{'source':'SALESFORCE'},'id':'UP-2','name':'Elsewhere'}")).isEqualTo(200);
        List<Row> rows = ferry.deliver(Targets.COR_CLIENTS, "up-2.csv", "id,name\nUP-2,From Ferry\n");
        assertThat(rows).extracting(Row::outcome).containsExactly("updated");
        assertThat(calls("UP-2")).containsExactly("POST /cor/v2/integrations/clients 400",
                "PUT /cor/v2/integrations/clients/UP-2 200");
        assertThat(sandbox.corClient("SALESFORCE", "UP-2").orElseThrow().get("name").asText()).isEqualTo("From Ferry");
    }

    @Test
    void putAnsweredNotFoundIsRetriedAsPost() throws Exception {
        // The id map believes COR knows UP-3 (as after COR lost it, or a store restored from another environment).
        ferry.bean("idMap", IdMapStore.class).save(Targets.COR_CLIENTS, "UP-3", "999", null);
        List<Row> rows = ferry.deliver(Targets.COR_CLIENTS, "up-3.csv", "id,name\nUP-3,Recreated\n");
        assertThat(rows).extracting(Row::outcome).containsExactly("created");
        assertThat(calls("UP-3")).containsExactly("PUT /cor/v2/integrations/clients/UP-3 404",
                "POST /cor/v2/integrations/clients 200");
    }

    @Test
    void invalidRecordsAreRejectedWithoutAnyCall() throws Exception {
        List<Row> clients = ferry.deliver(Targets.COR_CLIENTS, "bad-clients.csv",
                "id,name,metadata.source\nBAD-2,Acme,EXCEL\n");
        assertThat(clients).extracting(Row::externalId, Row::outcome, Row::code, Row::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("BAD-2", "rejected", "INVALID_FIELD",
                        "metadata.source must be one of JIRA, SALESFORCE, ADVERTMIND, QUICKBOOKS, ZAPIER, OKTA, "
                        + "MICROSOFT_DYNAMICS, GITHUB, MICROSOFT_TEAMS, VBS, SAP, GLOBANT, got 'EXCEL'"));
        List<Row> contracts = ferry.deliver(Targets.COR_CONTRACTS, "bad-contracts.csv",
                "id,name,client_id,start_date,end_date,value\n"
                + "BAD-3,N,C1,2025-02-30,,\nBAD-4,N,C1,2025-03-01,2025-02-01,\nBAD-5,N,C1,,,\"1,000.50\"\n");
        assertThat(contracts).extracting(Row::message).containsExactly(
                "start_date must be YYYY-MM-DD, got '2025-02-30'",
                "end_date is before start_date (2025-02-01 < 2025-03-01)",
                "value must be a number such as 1500.50 (no thousands separators), got '1,000.50'");
        assertThat(sandbox.requests()).noneMatch(r -> r.body().contains("BAD-") || r.path().contains("BAD-"));
    }

    @Test
    void contractInACurrencyWithoutRateIsParkedAwaitingTheRate() throws Exception {
        ferry.deliver(Targets.COR_CLIENTS, "fx-client.csv", "id,name\nFX-C1,Euro client\n");
        List<Row> rows = ferry.deliver(Targets.COR_CONTRACTS, "fx-contract.csv",
                "id,name,client_id,value,currency\nFX-K1,Euro deal,FX-C1,100,EUR\n");
        assertThat(rows).extracting(Row::outcome, Row::code, r -> r.get("http_status")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("parked", "CTR006", "400"));
        assertThat(rows.get(0).message()).isEqualTo("awaiting fx:EUR: Cannot save contract. Exchange rate not found"
                + " for EUR to USD. Please sync exchange rates first.");
    }

    @Test
    void contractOfAClientNeverCreatedIsParkedAwaitingTheClient() throws Exception {
        List<Row> rows = ferry.deliver(Targets.COR_CONTRACTS, "orphan-contract.csv",
                "id,name,client_id\nORPHAN-K1,Orphan deal,NEVER-1\n");
        assertThat(rows).extracting(Row::outcome, Row::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("parked", "ClientNotFoundError"));
        assertThat(rows.get(0).message()).startsWith("awaiting cor-client:NEVER-1: ");
    }

    @Test
    void tokenExpiringMidRunIsRefreshedAndNoRecordFails() throws Exception {
        // Slow answers so the file is still being delivered when every token is expired.
        sandbox.setFaults("cor", Faults.NONE.withLatency(15, 0));
        String csv = "id,name\n" + IntStream.rangeClosed(1, 40).mapToObj(i -> "TOK-" + i + ",Client " + i + "\n")
                .collect(Collectors.joining());
        ferry.drop(Targets.COR_CLIENTS, "token-expiry.csv", csv);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(5))
                .until(() -> corCalls(sandbox).stream().filter(r -> r.body().contains("TOK-")).count() >= 5);
        assertThat(sandbox.expireCorTokens()).isPositive();
        List<Row> rows = ferry.awaitReport(Targets.COR_CLIENTS, "token-expiry.csv");

        assertThat(rows).hasSize(40).extracting(Row::outcome).containsOnly("created");
        List<RecordedRequest> refused = corCalls(sandbox).stream().filter(r -> r.status() == 401).toList();
        assertThat(refused).hasSize(1);
        // The refused record was sent again, with the new token, and COR created it.
        String refusedBody = refused.get(0).body();
        assertThat(corCalls(sandbox)).filteredOn(r -> r.body().equals(refusedBody)).extracting(RecordedRequest::status)
                .containsExactly(401, 200);
    }

    @Test
    void transient503IsRetriedAndSucceeds() throws Exception {
        sandbox.setFaults("cor", Faults.NONE.withRate503(1.0));
        ferry.drop(Targets.COR_CLIENTS, "transient.csv", "id,name\nTR-1,Flaky\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.requests().stream().anyMatch(r -> r.status() == 503));
        sandbox.setFaults("cor", Faults.NONE);
        List<Row> rows = ferry.awaitReport(Targets.COR_CLIENTS, "transient.csv");
        assertThat(rows).extracting(Row::outcome).containsExactly("created");
        List<Integer> statuses = corCalls(sandbox).stream().filter(r -> r.body().contains("TR-1"))
                .map(RecordedRequest::status).toList();
        assertThat(statuses).startsWith(503).endsWith(200);
    }

    @Test
    void rateLimitedCallWaitsForRetryAfter() throws Exception {
        sandbox.setFaults("cor", Faults.NONE.withRate429(1.0, 1));
        ferry.drop(Targets.COR_CLIENTS, "rate-limited.csv", "id,name\nRL-1,Patient\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.requests().stream().anyMatch(r -> r.status() == 429));
        sandbox.setFaults("cor", Faults.NONE);
        assertThat(ferry.awaitReport(Targets.COR_CLIENTS, "rate-limited.csv")).extracting(Row::outcome)
                .containsExactly("created");
        List<RecordedRequest> attempts = ferryCalls().stream().filter(r -> r.body().contains("RL-1")).toList();
        RecordedRequest lastRefused = attempts.get(attempts.size() - 2);
        assertThat(lastRefused.status()).isEqualTo(429);
        // The backoff alone would wait 50-400 ms; Retry-After said 1 s.
        assertThat(Duration.between(lastRefused.at(), attempts.get(attempts.size() - 1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void exhaustedRetriesEndAsFailedWithTheLastStatus() throws Exception {
        sandbox.setFaults("cor", Faults.NONE.withRate500(1.0));
        List<Row> rows = ferry.deliver(Targets.COR_CLIENTS, "down.csv", "id,name\nDOWN-1,Unlucky\n");
        assertThat(rows).extracting(Row::outcome, Row::code, r -> r.get("http_status")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("failed", "RETRIES_EXHAUSTED", "500"));
        assertThat(rows.get(0).message()).startsWith("gave up after 6 attempts; last: HTTP 500: ");
        assertThat(corCalls(sandbox).stream().filter(r -> r.body().contains("DOWN-1"))).hasSize(6);
    }

    @Test
    void aPartialClientUpdateSendsOnlyItsFieldsAndTheSameRecordAgainIsNotSent() throws Exception {
        ferry.deliver(Targets.COR_CLIENTS, "pu-create.csv",
                "id,name,phone,website\nPU-1,Partial Inc,+1 555 0100,https://partial.example\n");
        assertThat(ferry.deliver(Targets.COR_CLIENTS, "pu-phone.csv", "id,phone\nPU-1,+1 555 0200\n"))
                .extracting(Row::outcome).containsExactly("updated");
        assertThat(JSON.readTree(lastCall("/cor/v2/integrations/clients/PU-1").body()))
                .isEqualTo(CorRecords.json("{'metadata':{'source':'SALESFORCE'},'phone':'+1 555 0200'}"));
        com.fasterxml.jackson.databind.JsonNode client = sandbox.corClient("SALESFORCE", "PU-1").orElseThrow();
        assertThat(client.get("name").asText()).isEqualTo("Partial Inc");
        assertThat(client.get("website").asText()).isEqualTo("https://partial.example");
        assertThat(client.get("phone").asText()).isEqualTo("+1 555 0200");

        int before = ferryCalls().size();
        assertThat(ferry.deliver(Targets.COR_CLIENTS, "pu-phone-again.csv", "id,phone\nPU-1,+1 555 0200\n"))
                .extracting(Row::outcome, Row::code).containsExactly(org.assertj.core.groups.Tuple.tuple("unchanged",
                        "UNCHANGED"));
        assertThat(ferryCalls()).hasSize(before);
    }

    @Test
    void aPartialRecordOfAClientCorDoesNotHaveEndsCannotCreateAfterOnePut() throws Exception {
        List<Row> rows = ferry.deliver(Targets.COR_CLIENTS, "pu-unknown.csv", "id,phone\nPU-404,+1 555 0199\n");
        assertThat(rows).extracting(Row::outcome, Row::code, r -> r.get("http_status")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rejected", "CANNOT_CREATE", "404"));
        assertThat(rows.get(0).message()).isEqualTo("cannot be created: the record lacks name, which a create needs"
                + " (ZC001: Entity is not associated)");
        assertThat(calls("PU-404")).containsExactly("PUT /cor/v2/integrations/clients/PU-404 404");
    }

    @Test
    void aPartialRecordUpdatesAClientCreatedOutsideFerry() throws Exception {
        assertThat(new SandboxCorClient(sandbox).send("POST", "/clients",
                "{'metadata':{'source':'SALESFORCE'},'id':'PU-EXT','name':'Made in COR'}")).isEqualTo(200);
        assertThat(ferry.deliver(Targets.COR_CLIENTS, "pu-ext.csv", "id,website\nPU-EXT,https://ext.example\n"))
                .extracting(Row::outcome).containsExactly("updated");
        assertThat(calls("PU-EXT")).containsExactly("PUT /cor/v2/integrations/clients/PU-EXT 200");
        assertThat(sandbox.corClient("SALESFORCE", "PU-EXT").orElseThrow().get("name").asText()).isEqualTo("Made in COR");
    }

    @Test
    void aRecordWithAnotherSourceIsRejectedNamingBothAndNothingIsCreated() throws Exception {
        long duplicates = sandbox.stats().at("/cor/duplicate_creates").asLong();
        ferry.deliver(Targets.COR_CLIENTS, "sm-create.csv", "id,name\nSM-1,Sourced\n");
        List<Row> rows = ferry.deliver(Targets.COR_CLIENTS, "sm-jira.csv",
                "id,name,metadata.source\nSM-1,Sourced elsewhere,JIRA\n");
        assertThat(rows).extracting(Row::outcome, Row::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rejected", "SOURCE_MISMATCH"));
        assertThat(rows.get(0).message()).startsWith("metadata.source is JIRA, but SM-1 was created in COR with source"
                + " SALESFORCE");
        assertThat(calls("SM-1")).containsExactly("POST /cor/v2/integrations/clients 200");
        assertThat(sandbox.corClient("JIRA", "SM-1")).isEmpty();
        assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).isEqualTo(duplicates);
    }

    @Test
    void aPartialContractUpdateNeedsNoClientAndAnotherClientIsRejected() throws Exception {
        ferry.deliver(Targets.COR_CLIENTS, "pc-client.csv", "id,name\nPC-C1,Contract client\n");
        assertThat(ferry.deliver(Targets.COR_CONTRACTS, "pc-create.csv", "id,name,client_id,status\nPC-K1,Deal,PC-C1,"
                + "active\n")).extracting(Row::outcome).containsExactly("created");
        assertThat(ferry.deliver(Targets.COR_CONTRACTS, "pc-update.csv", "id,status,end_date,value\n"
                + "PC-K1,completed,2025-06-30,60000\n")).extracting(Row::outcome).containsExactly("updated");
        assertThat(JSON.readTree(lastCall("/cor/v2/integrations/contracts/PC-K1").body())).isEqualTo(CorRecords.json(
                "{'metadata':{'source':'SALESFORCE'},'status':'completed','end_date':'2025-06-30','value':60000}"));
        assertThat(sandbox.corContract("SALESFORCE", "PC-K1").orElseThrow().get("name").asText()).isEqualTo("Deal");

        List<Row> moved = ferry.deliver(Targets.COR_CONTRACTS, "pc-move.csv", "id,client_id,value\nPC-K1,PC-C2,1\n");
        assertThat(moved).extracting(Row::outcome, Row::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("rejected", "CLIENT_ID_MISMATCH"));
        assertThat(moved.get(0).message()).startsWith("client_id is PC-C2, but contract PC-K1 was created under client"
                + " PC-C1");
        assertThat(calls("PC-K1")).hasSize(2);
    }

    private void assertDocumentedHeaders(RecordedRequest request) {
        Set<String> names = new TreeSet<>(request.headers().keySet());
        names.removeAll(TRANSPORT);
        assertThat(names).containsExactly("accept", "authorization", "content-type");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isEqualTo("***");
    }

    private RecordedRequest lastCall(String path) {
        List<RecordedRequest> calls = ferryCalls().stream().filter(r -> r.path().equals(path)).toList();
        assertThat(calls).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    /** Ferry's calls to COR's Integrations API (not those the tests make themselves). */
    private List<RecordedRequest> ferryCalls() {
        return corCalls(sandbox).stream().filter(r -> "Ferry".equals(r.header("User-Agent"))).toList();
    }

    /** "METHOD path status" of Ferry's COR calls whose path or body mention the id. */
    private List<String> calls(String id) {
        return ferryCalls().stream()
                .filter(r -> r.path().endsWith("/" + id) || r.body().contains("\"id\":\"" + id + "\""))
                .map(r -> r.method() + " " + r.path() + " " + r.status()).toList();
    }
}
