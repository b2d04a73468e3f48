package io.ferry.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ferry.record.Targets;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example requests of the vendor pages Ferry's updates were built from, fed to Ferry as input records after the
 * entity was created (examples/updates/, the same files the README's quick start uses), reach a plain HTTP server
 * (this test's own, not the sandbox) with exactly the documented method, path and JSON body. The pages: COR clients PUT, COR contracts POST and PUT, ComplyCube "Update a client" and Clemta
 * "Update Contact" (developers.projectcor.com, docs.complycube.com, docs.clemta.com; api-reference.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentedExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMPLYCUBE_ID = "5eb04fcd0f3e360008035eb1";
    private static final String CLEMTA_ID = "65a1b2c3d4e5f60718293a4b";

    /** One request the capture server received. */
    record Received(String method, String path, String contentType, JsonNode body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private FerryUnderTest ferry;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        ferry = new FerryUnderTest(dir, null, Map.of("cor.base-url", base + "/cor", "complycube.base-url",
                base + "/complycube", "clemta.base-url", base + "/clemta"));
    }

    @AfterAll
    void stop() throws Exception {
        if (ferry != null) {
            ferry.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    // Records every request and answers it as the vendor documents a success (a lookup finds nothing).
    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        byte[] in = exchange.getRequestBody().readAllBytes();
        received.add(new Received(method, path + (exchange.getRequestURI().getRawQuery() == null ? ""
                : "?" + exchange.getRequestURI().getRawQuery()), exchange.getRequestHeaders().getFirst("Content-Type"),
                in.length == 0 ? null : JSON.readTree(in)));
        String body;
        if (path.startsWith("/cor/clients")) {
            body = "{\"id\":25855,\"name\":\"Acme Corporation\",\"company_id\":1234}";
        } else if (path.startsWith("/cor/contracts")) {
            body = "{\"id\":30001,\"name\":\"Annual Service Agreement\",\"client_id\":25855,\"company_id\":1234}";
        } else if (path.startsWith("/complycube/clients")) {
            body = method.equals("GET") ? "{\"page\":1,\"pageSize\":100,\"totalItems\":0,\"pages\":0,\"items\":[]}"
                    : "{\"id\":\"" + COMPLYCUBE_ID + "\",\"type\":\"person\"}";
        } else {
            body = method.equals("GET") ? "{\"success\":true,\"data\":{\"contacts\":[],\"total\":0}}"
                    : "{\"success\":true,\"message\":\"Contact saved\",\"data\":{\"id\":\"" + CLEMTA_ID + "\"}}";
        }
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    // The example file examples/updates/<name>.csv as a record for its target; the entity it creates may exist.
    private void create(String target) throws IOException {
        // A name of its own each time: the same name and content again is a skipped run that sends nothing.
        List<Row> rows = ferry.deliver(target, target + "-" + drops.incrementAndGet() + ".csv",
                example(target + ".csv"));
        assertThat(rows).extracting(Row::outcome).as(rows.toString()).containsAnyOf("created", "unchanged", "updated");
    }

    private static final java.util.concurrent.atomic.AtomicInteger drops = new java.util.concurrent.atomic.AtomicInteger();

    // The last request Ferry sent for an example update file, which must end updated.
    private Received update(String target) throws IOException {
        List<Row> rows = ferry.deliver(target, target + "-update.csv", example(target + "-update.csv"));
        assertThat(rows).extracting(Row::outcome).as(rows.toString()).containsExactly("updated");
        return received.get(received.size() - 1);
    }

    private static String example(String file) throws IOException {
        return Files.readString(Path.of("examples/updates", file));
    }

    private static void assertSent(Received request, String method, String path, String body) throws IOException {
        assertThat(request.method() + " " + request.path()).isEqualTo(method + " " + path);
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo(JSON.readTree(body));
    }

    @Test
    void corClientsPut() throws Exception {
        create(Targets.COR_CLIENTS);

        assertSent(update(Targets.COR_CLIENTS), "PUT", "/cor/clients/SF-ACC-67890", """
                {"metadata": {"source": "SALESFORCE"}, "name": "Acme Corp (Updated)", "phone": "+1 555-0200",
                 "website": "https://www.acmecorp.com"}""");
    }

    @Test
    void corContractsPostAndPut() throws Exception {
        create(Targets.COR_CLIENTS);
        create(Targets.COR_CONTRACTS);
        Received post = received.stream().filter(r -> r.method().equals("POST") && r.path().equals("/cor/contracts"))
                .reduce((first, second) -> second).orElseThrow();
        assertSent(post, "POST", "/cor/contracts", """
                {"metadata": {"source": "SALESFORCE"}, "id": "SF-CONTRACT-12345", "name": "Annual Service Agreement",
                 "client_id": "SF-ACC-67890", "type": "retainer", "status": "active", "start_date": "2025-01-01",
                 "end_date": "2025-12-31", "value": 120000,
                 "description": "Annual retainer for design and development services"}""");

        assertSent(update(Targets.COR_CONTRACTS), "PUT", "/cor/contracts/SF-CONTRACT-12345", """
                {"metadata": {"source": "SALESFORCE"}, "status": "completed", "end_date": "2025-06-30",
                 "value": 60000}""");
    }

    @Test
    void complyCubeClientUpdate() throws Exception {
        create(Targets.COMPLYCUBE_CLIENTS);

        assertSent(update(Targets.COMPLYCUBE_CLIENTS), "POST", "/complycube/clients/" + COMPLYCUBE_ID, """
                {"email": "jane.doe@example.com",
                 "personDetails": {"firstName": "Jane", "lastName": "Doe", "dob": "1995-12-20", "nationality": "US"}}""");
    }

    @Test
    void clemtaContactPatch() throws Exception {
        create(Targets.CLEMTA_CONTACTS);

        assertSent(update(Targets.CLEMTA_CONTACTS), "PATCH", "/clemta/contacts/" + CLEMTA_ID, """
                {"type": "customer", "status": "active", "full_name": "John Doe Updated",
                 "email": "john.doe.updated@example.com", "description": "Updated customer contact",
                 "cc_emails": ["billing@example.com", "support@example.com"], "bcc_emails": ["admin@example.com"],
                 "billing": {"email": "billing.updated@example.com", "phone": "+1234567890", "phone_code": "+1",
                   "iso_code": "US", "country": "United States", "address_1": "456 Updated St",
                   "address_2": "Suite 200", "postal_code": "54321", "district": "Uptown", "state": "NY",
                   "province": "New York", "tax_id": "98-7654321"},
                 "company_id": "64b8f1a2e4b0c8d9f0123456"}""");
    }
}
