package io.ferry.clemta;

import static io.ferry.testing.FerryUnderTest.clemtaCalls;
import static io.ferry.testing.TestRecords.body;
import static io.ferry.testing.TestRecords.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.record.Targets;
import io.ferry.sandbox.Faults;
import io.ferry.sandbox.RecordedRequest;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.store.IdMapStore;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.SandboxApiClient;
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
 * clemta-contacts end to end: files dropped into a running Ferry, delivered over loopback HTTP to the sandbox (which
 * answers creates with 201, knows the company cmp-sandbox-1 only, and says CONTACT_NOT_FOUND for unknown contacts),
 * checked in the report, the sandbox's request journal and its stats. Every test uses its own ids and addresses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClemtaContactsDeliveryTest {

    private static final Set<String> TRANSPORT = Set.of("host", "content-length", "connection", "user-agent",
            "accept-encoding");
    private static final String HEADER = "external_id,type,full_name,email,company_id\n";
    private static final String COMPANY = "cmp-sandbox-1";

    private Sandbox sandbox;
    private FerryUnderTest ferry;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sandbox = Sandbox.start(SandboxConfig.builder().clemtaRatePerMinute(0).build());
        ferry = new FerryUnderTest(dir, sandbox, Map.of());
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
        sandbox.setFaults("clemta", Faults.NONE);
    }

    @Test
    void johnDoeIsCreatedThenPatchedWithExactlyTheDocumentedRequests() throws Exception {
        assertThat(ferry.deliver(Targets.CLEMTA_CONTACTS, "john.csv", ClemtaExamples.JOHN_CSV))
                .extracting(Row::outcome, r -> r.get("http_status")).containsExactly(tuple("created", "201"));
        String id = vendorId("ERP-7001");
        assertThat(calls("john.doe")).containsExactly(
                "GET /clemta/contacts?company_id=cmp-sandbox-1&search=john.doe%40example.com 200",
                "POST /clemta/contacts 201");
        RecordedRequest create = lastCall("POST", "/clemta/contacts");
        assertDocumentedHeaders(create);
        assertThat(body(create.body())).isEqualTo(json(ClemtaExamples.JOHN_CREATE));

        assertThat(ferry.deliver(Targets.CLEMTA_CONTACTS, "john-patch.csv", ClemtaExamples.JOHN_PATCH_CSV))
                .extracting(Row::outcome).containsExactly("updated");
        RecordedRequest patch = lastCall("PATCH", "/clemta/contacts/" + id);
        assertDocumentedHeaders(patch);
        // The record has some billing fields only, and Clemta may replace the billing object as a whole: the contact
        // is read first, and the PATCH carries its billing under the record's (address_2 kept).
        assertThat(lastCall("GET", "/clemta/contacts/" + id).status()).isEqualTo(200);
        assertThat(body(patch.body())).isEqualTo(json(ClemtaExamples.JOHN_PATCH.replace("'postal_code'",
                "'address_2':'Suite 100','postal_code'")));
        assertThat(clemtaCalls(sandbox)).noneMatch(r -> r.body().contains("ERP-7001") || r.path().contains("ERP-7001"));
        JsonNode john = sandbox.clemtaContact(id).orElseThrow();
        assertThat(john.get("full_name").asText()).isEqualTo("John A. Doe");
        assertThat(john.at("/billing/address_1").asText()).isEqualTo("500 Market St");
        assertThat(john.at("/billing/address_2").asText()).isEqualTo("Suite 100");
        assertThat(john.get("description").asText()).isEqualTo("Key customer");
    }

    @Test
    void aPartialContactUpdateIsSentWithTheRequiredFieldsAndKeepsTheContactsBilling() throws Exception {
        assertThat(ferry.deliver(Targets.CLEMTA_CONTACTS, "pu-create.csv", HEADER.replace("\n", ",billing.phone,"
                + "billing.address_1,status\n") + "PU-1,customer,Pat Partial,pat@example.com," + COMPANY
                + ",5550100,1 Main St,active\n")).extracting(Row::outcome).containsExactly("created");
        String id = vendorId("PU-1");

        assertThat(ferry.deliver(Targets.CLEMTA_CONTACTS, "pu-phone.csv", "external_id,billing.phone\nPU-1,5550199\n"))
                .extracting(Row::outcome).containsExactly("updated");
        assertThat(clemtaCalls(sandbox).stream().filter(r -> r.path().endsWith("/" + id))
                .map(r -> r.method() + " " + r.path() + " " + r.status()))
                .containsExactly("GET /clemta/contacts/" + id + " 200", "PATCH /clemta/contacts/" + id + " 200");
        assertThat(body(lastCall("PATCH", "/clemta/contacts/" + id).body())).isEqualTo(json("{'type':'customer',"
                + "'full_name':'Pat Partial','email':'pat@example.com','company_id':'" + COMPANY + "',"
                + "'billing':{'phone':'5550199','address_1':'1 Main St'}}"));
        JsonNode pat = sandbox.clemtaContact(id).orElseThrow();
        assertThat(pat.at("/billing/address_1").asText()).isEqualTo("1 Main St");
        assertThat(pat.get("status").asText()).isEqualTo("active");

        int before = clemtaCalls(sandbox).size();
        assertThat(ferry.deliver(Targets.CLEMTA_CONTACTS, "pu-phone-again.csv", "external_id,billing.phone\n"
                + "PU-1,5550199\n")).extracting(Row::outcome).containsExactly("unchanged");
        assertThat(clemtaCalls(sandbox)).hasSize(before);
    }

    @Test
    void aPartialRecordOfAnUnknownContactEndsCannotCreateWithoutACall() throws Exception {
        int before = clemtaCalls(sandbox).size();
        List<Row> rows = ferry.deliver(Targets.CLEMTA_CONTACTS, "pu-unknown.csv", "external_id,full_name\nPU-404,Nobody\n");
        assertThat(rows).extracting(Row::outcome, Row::code).containsExactly(tuple("rejected", "CANNOT_CREATE"));
        assertThat(rows.get(0).message()).isEqualTo("cannot be created: the record lacks type, email, company_id, which"
                + " a create needs (not in Ferry's id map, and without company_id and email it cannot be looked up)");
        assertThat(clemtaCalls(sandbox)).hasSize(before);
    }

    @Test
    void theSameRecordsDroppedTwiceAreUpdatedNeverCreatedTwice() throws Exception {
        String csv = HEADER + IntStream.rangeClosed(1, 6).mapToObj(i -> "TW-" + i + "," + (i % 2 == 0 ? "vendor"
                : "customer") + ",Twice " + i + ",twice" + i + "@example.com," + COMPANY + "\n")
                .collect(Collectors.joining());
        long before = duplicateCreates();
        assertThat(ferry.deliver(Targets.CLEMTA_CONTACTS, "twice-1.csv", csv)).extracting(Row::outcome)
                .containsOnly("created").hasSize(6);
        // An identical file under the same name is skipped as already processed, and identical records under another
        // name are unchanged (change detection); the same contacts with changed names are what "dropped again" means.
        assertThat(ferry.deliver(Targets.CLEMTA_CONTACTS, "twice-2.csv", csv.replace("Twice ", "Twice again ")))
                .extracting(Row::outcome).containsOnly("updated").hasSize(6);
        assertThat(duplicateCreates()).isEqualTo(before);
        assertThat(calls("twice3")).containsExactly(
                "GET /clemta/contacts?company_id=cmp-sandbox-1&search=twice3%40example.com 200",
                "POST /clemta/contacts 201",
                "PATCH /clemta/contacts/" + vendorId("TW-3") + " 200");
    }

    @Test
    void withTheIdMapLostTheContactsAreFoundByEmailAndUpdated() throws Exception {
        String csv = HEADER + "LOST-1,customer,Lou Lost,lost1@example.com," + COMPANY + "\n"
                + "LOST-2,vendor,Lisa Lost,Lost2@Example.com," + COMPANY + "\n";
        long before = duplicateCreates();
        assertThat(ferry.deliver(Targets.CLEMTA_CONTACTS, "lost-1.csv", csv)).extracting(Row::outcome)
                .containsOnly("created");
        String id = vendorId("LOST-2");
        ferry.forgetIdMap(Targets.CLEMTA_CONTACTS);

        // The e-mail matches whatever its case.
        assertThat(ferry.deliver(Targets.CLEMTA_CONTACTS, "lost-2.csv", csv.replace("Lost2@Example.com",
                "lost2@example.com"))).extracting(Row::outcome).containsOnly("updated");
        assertThat(duplicateCreates()).isEqualTo(before);
        assertThat(calls("lost2")).endsWith(
                "GET /clemta/contacts?company_id=cmp-sandbox-1&search=lost2%40example.com 200",
                "PATCH /clemta/contacts/" + id + " 200");
        assertThat(vendorId("LOST-2")).isEqualTo(id);
    }

    @Test
    void aContactDeletedInClemtaIsCreatedAgainAndRemapped() throws Exception {
        String csv = HEADER + "GONE-1,customer,Gil Gone,gone1@example.com," + COMPANY + "\n";
        ferry.deliver(Targets.CLEMTA_CONTACTS, "gone-1.csv", csv);
        String old = vendorId("GONE-1");
        new SandboxApiClient(sandbox).clemta("DELETE", "/contacts/" + old, null);
        assertThat(ferry.deliver(Targets.CLEMTA_CONTACTS, "gone-2.csv", csv.replace("Gil Gone", "Gil Gone Again")))
                .extracting(Row::outcome).containsExactly("created");
        assertThat(calls("gone1")).endsWith("PATCH /clemta/contacts/" + old + " 404", "POST /clemta/contacts 201");
        assertThat(vendorId("GONE-1")).isNotEqualTo(old);
    }

    @Test
    void anUnknownCompanyIsRejectedAndNotRetried() throws Exception {
        assertThat(ferry.deliver(Targets.CLEMTA_CONTACTS, "nocompany.csv",
                HEADER + "NOCO-1,customer,Nora Nocompany,noco1@example.com,cmp-unknown\n"))
                .extracting(Row::outcome, Row::code, r -> r.get("http_status"), Row::message)
                .containsExactly(tuple("rejected", "COMPANY_NOT_FOUND", "404",
                        "Company not found: Company 'cmp-unknown' does not exist or is not linked to this API key"));
        assertThat(calls("noco1")).containsExactly(
                "GET /clemta/contacts?company_id=cmp-unknown&search=noco1%40example.com 404");
    }

    @Test
    void severalContactsWithTheSameEmailAreAmbiguousAndRejected() throws Exception {
        SandboxApiClient clemta = new SandboxApiClient(sandbox);
        for (String name : List.of("Dee One", "Dee Two")) {
            clemta.clemta("POST", "/contacts", "{'type':'customer','full_name':'" + name + "',"
                    + "'email':'dup@example.com','company_id':'" + COMPANY + "'}");
        }
        List<Row> rows = ferry.deliver(Targets.CLEMTA_CONTACTS, "ambiguous.csv",
                HEADER + "DUP-1,customer,Dee,DUP@example.com," + COMPANY + "\n");
        assertThat(rows).extracting(Row::outcome, Row::code).containsExactly(tuple("rejected", "AMBIGUOUS_MATCH"));
        assertThat(rows.get(0).message()).startsWith("2 Clemta contacts of company cmp-sandbox-1 have the e-mail"
                + " DUP@example.com (ids ");
        assertThat(calls("DUP")).noneMatch(c -> c.startsWith("POST"));
    }

    @Test
    void rateLimitedCallWaitsForRetryAfter() throws Exception {
        sandbox.setFaults("clemta", Faults.NONE.withRate429(1.0, 1));
        ferry.drop(Targets.CLEMTA_CONTACTS, "rate-limited.csv", HEADER + "RL-1,customer,Pat Ient,rl1@example.com,"
                + COMPANY + "\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> clemtaCalls(sandbox).stream().anyMatch(r -> r.status() == 429));
        sandbox.setFaults("clemta", Faults.NONE);
        assertThat(ferry.awaitReport(Targets.CLEMTA_CONTACTS, "rate-limited.csv")).extracting(Row::outcome)
                .containsExactly("created");
        List<RecordedRequest> lookups = clemtaCalls(sandbox).stream().filter(r -> r.path().contains("rl1%40")).toList();
        RecordedRequest lastRefused = lookups.get(lookups.size() - 2);
        assertThat(lastRefused.status()).isEqualTo(429);
        assertThat(lookups.get(lookups.size() - 1).status()).isEqualTo(200);
        // The backoff alone would wait 50-400 ms; Retry-After said 1 s.
        assertThat(Duration.between(lastRefused.at(), lookups.get(lookups.size() - 1).at()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void eachLocalValidationRuleRejectsItsRowNamingTheField() throws Exception {
        String header = "external_id,type,full_name,email,company_id,cc_emails,bcc_emails,billing.email,"
                + "billing.iso_code\n";
        String csv = header
                + "V-1,partner,Val,v1@example.com," + COMPANY + ",,,,\n"
                + "V-2,customer,,v2@example.com," + COMPANY + ",,,,\n"
                + "V-3,customer,Val,v3.example.com," + COMPANY + ",,,,\n"
                + "V-4,customer,Val,v4@example.com,,,,,\n"
                + "V-5,customer,Val,v5@example.com," + COMPANY + ",ok@example.com;not an address,,,\n"
                + "V-6,customer,Val,v6@example.com," + COMPANY + ",,bcc@,,\n"
                + "V-7,customer,Val,v7@example.com," + COMPANY + ",,,billing@example,\n"
                + "V-8,customer,Val,v8@example.com," + COMPANY + ",,,,USA\n"
                + ",customer,Val,v9@example.com," + COMPANY + ",,,,\n";
        List<Row> rows = ferry.deliver(Targets.CLEMTA_CONTACTS, "invalid.csv", csv);
        assertThat(rows).extracting(Row::outcome).containsOnly("rejected");
        assertThat(rows).extracting(Row::message).containsExactly(
                "type must be customer or vendor, got 'partner'",
                "cannot be created: the record lacks full_name, which a create needs (a lookup did not find it)",
                "email must be an e-mail address such as jane@example.com, got 'v3.example.com'",
                "cannot be created: the record lacks company_id, which a create needs (not in Ferry's id map, and"
                        + " without company_id and email it cannot be looked up)",
                "cc_emails must hold e-mail addresses such as jane@example.com, got 'not an address'",
                "bcc_emails must hold e-mail addresses such as jane@example.com, got 'bcc@'",
                "billing.email must be an e-mail address such as jane@example.com, got 'billing@example'",
                "billing.iso_code must be an ISO 3166-1 alpha-2 country code such as GB, got 'USA'",
                "external_id is required");
        // A bad format makes no call; a record that lacks what a create needs is looked up when it can be, never
        // created.
        assertThat(clemtaCalls(sandbox)).filteredOn(r -> r.path().matches(".*search=v\\d%40.*"))
                .extracting(r -> r.method() + " " + r.path())
                .containsExactly("GET /clemta/contacts?company_id=cmp-sandbox-1&search=v2%40example.com");
        assertThat(clemtaCalls(sandbox)).noneMatch(r -> r.method().equals("POST") && r.body().matches(".*v\\d@.*"));
    }

    private long duplicateCreates() {
        return sandbox.stats().at("/clemta/duplicate_creates").asLong();
    }

    private String vendorId(String externalId) {
        return ferry.bean("idMap", IdMapStore.class).find(Targets.CLEMTA_CONTACTS, externalId).orElseThrow().vendorId();
    }

    private void assertDocumentedHeaders(RecordedRequest request) {
        Set<String> names = new TreeSet<>(request.headers().keySet());
        names.removeAll(TRANSPORT);
        assertThat(names).containsExactly("accept", "content-type", "x-api-key");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Accept")).isEqualTo("application/json");
        assertThat(request.header("X-API-KEY")).isEqualTo("***");
    }

    private RecordedRequest lastCall(String method, String path) {
        List<RecordedRequest> calls = clemtaCalls(sandbox).stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path) && r.status() / 100 == 2).toList();
        assertThat(calls).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    /** "METHOD path status" of Ferry's Clemta calls for the record whose e-mail starts with {@code mailbox}@. */
    private List<String> calls(String mailbox) {
        String address = mailbox + "@example.com";
        return clemtaCalls(sandbox).stream()
                .filter(r -> r.path().contains("search=" + mailbox + "%40example.com")
                        || r.body().toLowerCase(java.util.Locale.ROOT).contains("\"email\":\"" + address.toLowerCase(
                                java.util.Locale.ROOT) + "\""))
                .map(r -> r.method() + " " + r.path() + " " + r.status()).toList();
    }
}
