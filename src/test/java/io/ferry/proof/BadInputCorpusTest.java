package io.ferry.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.record.Targets;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One file per way real exports go wrong (src/test/resources/bad-input/, plus the big ones generated here: a 10 MB
 * field, 100,000 columns, 100,000 levels of nesting, random bytes, a symlink out of the inbox), dropped into one
 * running Ferry. For each: the report (named after the file) has a row per record, the bad ones rejected with the row
 * and a reason naming the field or the problem, every valid record of the same file is in the sandbox, and Ferry still
 * delivers a good file dropped right after. A file that cannot be read at all goes to .failed/ with an
 * UNREADABLE_FILE row saying why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    // Delivered: the vendor has the record (unchanged: it had it already, identical, so nothing was sent).
    private static final Set<String> DELIVERED = Set.of("created", "updated", "unchanged");
    private static final String CLIENTS = Targets.COR_CLIENTS;
    private static final String CONTRACTS = Targets.COR_CONTRACTS;

    private Path outside;
    private Path generated;
    private Sandbox sandbox;
    private FerryUnderTest ferry;
    private final AtomicInteger canaries = new AtomicInteger();

    /** What one corpus file must produce. */
    private record Case(String target, String file, List<String> delivered, Map<String, List<String>> rejected,
                        Map<String, String> rejectedIds, String unreadable) {

        static Case of(String file) {
            return new Case(CLIENTS, file, List.of(), Map.of(), Map.of(), null);
        }

        Case target(String name) {
            return new Case(name, file, delivered, rejected, rejectedIds, unreadable);
        }

        /** These external ids are delivered (created or updated) and in the sandbox. */
        Case delivers(String... ids) {
            return new Case(target, file, List.of(ids), rejected, rejectedIds, unreadable);
        }

        /** Row {@code row} is rejected and its message contains each of {@code reason}. */
        Case rejects(int row, String... reason) {
            Map<String, List<String>> more = new LinkedHashMap<>(rejected);
            more.put(Integer.toString(row), List.of(reason));
            return new Case(target, file, delivered, more, rejectedIds, unreadable);
        }

        /** The same, and the row names the record's external id. */
        Case rejectsNaming(int row, String externalId, String... reason) {
            Map<String, String> ids = new LinkedHashMap<>(rejectedIds);
            ids.put(Integer.toString(row), externalId);
            Case more = rejects(row, reason);
            return new Case(target, file, delivered, more.rejected(), ids, unreadable);
        }

        /** The file cannot be read at all: it goes to .failed/ and its one report row says {@code reason}. */
        Case unreadable(String reason) {
            return new Case(target, file, delivered, rejected, rejectedIds, reason);
        }
    }

    private List<Case> corpus() {
        return List.of(
                // CSV structure
                Case.of("unbalanced-quote.csv").delivers("UQ-1", "UQ-3")
                        .rejects(2, "line 3: unbalanced quote: a quoted field is never closed"),
                Case.of("stray-quote-in-field.csv").delivers("SQ-1", "SQ-2", "SQ-3"),
                Case.of("ragged-rows.csv").delivers("RR-1", "RR-4")
                        .rejects(2, "line 3: the row has 2 columns but the header has 3")
                        .rejects(3, "line 4: the row has 5 columns but the header has 3"),
                Case.of("duplicate-headers.csv").delivers("DH-1", "DH-3")
                        .rejects(2, "columns 2 and 3 are both named 'name' but hold different values"),
                Case.of("missing-key-column.csv").rejects(1, "id is required").rejects(2, "id is required"),
                Case.of("semicolon-delimited.csv").unreadable("the header is a single column 'id;name': the file looks"
                        + " separated by ';', not ',' (set ferry.csv.delimiter)"),
                Case.of("header-only.csv"),
                Case.of("blank-lines-only.csv").unreadable("there is no header row"),
                Case.of("empty-header-names.csv").unreadable("the header row has no column names"),
                Case.of("hundred-thousand-columns.csv")
                        .unreadable("the header has 100000 columns; the limit is 1000 (ferry.intake.max-columns)"),
                Case.of("hundred-thousand-cells-in-a-row.csv").delivers("HC-1", "HC-3")
                        .rejects(2, "the row has 100000 columns but the header has 2"),
                Case.of("ten-megabyte-field.csv").delivers("TM-1", "TM-3").rejects(2, "line 3: field 'name'",
                        "longer than 1048576 characters (limit ferry.intake.max-record-chars)"),
                // Encodings and bytes
                Case.of("bom-crlf.csv").delivers("BC-1", "BC-2"),
                Case.of("latin1-in-utf8.csv").delivers("L1-1", "L1-3")
                        .rejectsNaming(2, "L1-2", "field 'name' is not valid UTF-8"),
                // U+FFFD is a character like any other (an export cleaned once already): only undecodable bytes count.
                Case.of("replacement-character.csv").delivers("RC-1", "RC-2"),
                Case.of("nul-bytes.csv").delivers("NB-1", "NB-3").rejects(2, "field 'name' contains a NUL byte"),
                Case.of("utf16.csv").unreadable("the file is UTF-16 text"),
                Case.of("empty.csv").unreadable("the file is empty (0 bytes)"),
                Case.of("random-bytes.csv").unreadable("not text but binary data"),
                Case.of("excel-renamed.csv").unreadable("a ZIP archive (an Excel .xlsx workbook?)"),
                Case.of("workbook.xlsx").unreadable("unknown file type 'workbook.xlsx'"),
                // Values
                Case.of("formula-injection.csv").delivers("FI-1", "@FI-2"),
                // Without a name a record can update a client but not create one, and these carry nothing else.
                Case.of("missing-required-field.csv").delivers("MR-1", "MR-4")
                        .rejectsNaming(2, "MR-2", "no field to update besides its id, and lacks name")
                        .rejectsNaming(3, "MR-3", "no field to update besides its id, and lacks name"),
                Case.of("blank-external-id.csv").delivers("BI-1", "BI-4")
                        .rejects(2, "id is required").rejects(3, "id is required"),
                Case.of("duplicate-rows.csv").delivers("DR-1", "DR-1", "DR-2"),
                Case.of("external-id-too-long.csv").delivers("XL-1", "XL-3")
                        .rejects(2, "id is longer than 600 characters (703)"),
                Case.of("unknown-source.csv").delivers("US-1").rejects(2, "metadata.source"),
                Case.of("invalid-dates.csv").target(CONTRACTS).delivers("ID-1")
                        .rejects(2, "start_date must be YYYY-MM-DD, got '2025-02-30'")
                        .rejects(3, "start_date must be YYYY-MM-DD, got '30/02/2025'")
                        .rejects(4, "end_date is before start_date"),
                Case.of("thousands-separators.csv").target(CONTRACTS).delivers("TS-1")
                        .rejects(2, "value must be a number such as 1500.50 (no thousands separators), got '12,000.50'")
                        .rejects(3, "value must be a number").rejects(4, "value must be a number"),
                // JSON and NDJSON
                Case.of("trailing-comma.json").delivers("TC-1", "TC-2"),
                Case.of("trailing-comma-in-object.json").delivers("TO-1", "TO-2", "TO-3"),
                Case.of("truncated.json").delivers("TJ-1")
                        .rejects(2, "truncated JSON: the file ends inside element 2 at line 3"),
                Case.of("not-an-object.json").delivers("NO-1", "NO-4")
                        .rejects(2, "element 2 is a number, expected an object")
                        .rejects(3, "element 3 is a string, expected an object"),
                Case.of("scalar-document.json")
                        .unreadable("expected a JSON object or an array of objects, found a string"),
                Case.of("wrong-types.json").delivers("WT-1")
                        .rejects(2, "name must be text, not a list").rejects(3, "name must be text, not an object"),
                Case.of("deeply-nested.json").delivers("DN-1")
                        .rejects(2, "invalid JSON: nested deeper than 200 levels",
                                "(limit ferry.intake.max-nesting-depth)"),
                Case.of("deeply-nested.ndjson").delivers("DL-1", "DL-3").rejects(2, "invalid JSON on line 2",
                        "nested deeper than 200 levels (limit ferry.intake.max-nesting-depth)"),
                Case.of("ndjson-array-line.ndjson").delivers("NA-1", "NA-3")
                        .rejects(2, "line 2 is an array, expected one JSON object per line"),
                Case.of("ndjson-broken-line.ndjson").delivers("NL-1", "NL-4").rejects(2, "invalid JSON on line 2"),
                // Files and names
                Case.of("Kunden Übersicht – März 2025 ✓.csv").delivers("UN-1", "UN-2"),
                Case.of("link-out-of-the-inbox.csv")
                        .unreadable("the file is a symbolic link; Ferry never follows links"));
    }

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        outside = Files.createDirectories(root.resolve("outside"));
        generated = Files.createDirectories(root.resolve("generated"));
        generateBigFiles();
        sandbox = Sandbox.start(SandboxConfig.defaults());
        ferry = new FerryUnderTest(root.resolve("ferry"), sandbox, Map.of());
        assertThat(ferry.deliver(CLIENTS, "contract-clients.csv", "id,name\nKC-1,Contract Client\n"))
                .extracting(Row::outcome).containsExactly("created");
    }

    @AfterAll
    void stop() throws Exception {
        ferry.close();
        sandbox.close();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyBadFileIsReportedRowByRowAndItsGoodRecordsAreDelivered() {
        return corpus().stream().map(c -> DynamicTest.dynamicTest(c.file(), () -> check(c)));
    }

    private void check(Case c) throws Exception {
        assertThat(corpusFiles()).as("corpus file in src/test/resources/bad-input or generated").containsKey(c.file());
        drop(c);
        Path processed = ferry.inbox(c.target()).resolve(c.unreadable() != null ? ".failed" : ".done");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> !FerryUnderTest.keptCopies(processed, c.file()).isEmpty());
        List<Row> rows = ferry.report(c.file());

        if (c.unreadable() != null) {
            assertThat(rows).as("report of %s", c.file()).singleElement().satisfies(row -> {
                assertThat(row.code()).isEqualTo("UNREADABLE_FILE");
                assertThat(row.outcome()).isEqualTo("rejected");
                assertThat(row.message()).contains(c.unreadable());
            });
        } else {
            assertThat(rows).as("report of %s: %s", c.file(), rows).hasSize(c.delivered().size() + c.rejected().size());
            for (Row row : rows) {
                if (c.rejected().containsKey(row.get("row"))) {
                    assertThat(row.outcome()).as("row %s of %s", row.get("row"), c.file()).isEqualTo("rejected");
                    assertThat(row.message()).as("row %s of %s", row.get("row"), c.file())
                            .contains(c.rejected().get(row.get("row")));
                    assertThat(row.code()).isIn("MALFORMED_ROW", "MISSING_FIELD", "INVALID_FIELD", "NOTHING_TO_UPDATE");
                    if (c.rejectedIds().containsKey(row.get("row"))) {
                        assertThat(row.externalId()).as("row %s of %s", row.get("row"), c.file())
                                .isEqualTo(c.rejectedIds().get(row.get("row")));
                    }
                } else {
                    assertThat(row.outcome()).as("row %s of %s: %s", row.get("row"), c.file(), row).isIn(DELIVERED);
                }
            }
            // The report shows an id that would start a spreadsheet formula with a leading quote.
            assertThat(rows.stream().filter(row -> DELIVERED.contains(row.outcome())).map(Row::externalId))
                    .containsExactlyInAnyOrderElementsOf(c.delivered().stream()
                            .map(id -> "=+-@".indexOf(id.charAt(0)) >= 0 ? "'" + id : id).toList());
            for (String id : c.delivered()) {
                assertThat(CONTRACTS.equals(c.target()) ? sandbox.corContract(id) : sandbox.corClient(id))
                        .as("%s of %s in the sandbox", id, c.file()).isPresent();
            }
        }
        assertThat(rows).as("no report cell may start a spreadsheet formula").allSatisfy(row -> row.cells().values()
                .forEach(cell -> assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("@")
                        .doesNotStartWith("-")));
        assertStillDelivering();
    }

    /** A good file dropped after the bad one is delivered: the intake survived. */
    private void assertStillDelivering() throws IOException {
        String id = "CANARY-" + canaries.incrementAndGet();
        assertThat(ferry.deliver(CLIENTS, id + ".csv", "id,name\n" + id + ",Still here\n"))
                .extracting(Row::outcome).containsExactly("created");
        assertThat(sandbox.corClient(id)).isPresent();
    }

    @TestFactory
    @Order(2)
    Stream<DynamicTest> afterTheCorpus() {
        return Stream.of(
                DynamicTest.dynamicTest("a formula is delivered as data and neutralised in the report", () -> {
                    assertThat(sandbox.corClient("FI-1")).get().satisfies(client -> assertThat(client.path("name")
                            .asText()).isEqualTo("=HYPERLINK(\"http://evil.example\",\"click\")"));
                    assertThat(Files.readString(ferry.latestReport("formula-injection.csv")))
                            .contains(",'@FI-2,").doesNotContain(",@FI-2");
                }),
                DynamicTest.dynamicTest("the file a symlink points to is never read, moved or changed", () -> {
                    Path target = outside.resolve("outside.csv");
                    assertThat(target).exists().hasContent("id,name\nOUT-1,Must not be read\n");
                    assertThat(sandbox.corClient("OUT-1")).isEmpty();
                    assertThat(FerryUnderTest.keptCopies(ferry.inbox(CLIENTS).resolve(".failed"),
                            "link-out-of-the-inbox.csv")).singleElement().satisfies(kept ->
                            assertThat(kept).isSymbolicLink());
                }),
                DynamicTest.dynamicTest("a row with the same id twice is one client", () ->
                        assertThat(ferry.report("duplicate-rows.csv")).extracting(r -> r.get("row") + " " + r.outcome())
                                .containsExactlyInAnyOrder("1 created", "2 unchanged", "3 created")));
    }

    private void drop(Case c) throws IOException, URISyntaxException {
        Path source = corpusFiles().get(c.file());
        if (Files.isSymbolicLink(source)) {
            Files.createSymbolicLink(ferry.inbox(c.target()).resolve(c.file()), Files.readSymbolicLink(source));
        } else {
            ferry.drop(c.target(), c.file(), Files.readAllBytes(source));
        }
    }

    private Map<String, Path> corpusFiles() throws IOException, URISyntaxException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (Path dir : List.of(Path.of(getClass().getResource("/bad-input").toURI()), generated)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.forEach(file -> files.put(file.getFileName().toString(), file));
            }
        }
        return files;
    }

    /** The corpus files too big (or too odd) to commit. */
    private void generateBigFiles() throws IOException {
        try (Writer out = Files.newBufferedWriter(generated.resolve("ten-megabyte-field.csv"))) {
            out.write("id,name\nTM-1,Acme\nTM-2,");
            char[] chunk = "x".repeat(1 << 16).toCharArray();
            for (int i = 0; i < 10 * 16; i++) {
                out.write(chunk);
            }
            out.write("\nTM-3,Gamma\n");
        }
        try (Writer out = Files.newBufferedWriter(generated.resolve("hundred-thousand-columns.csv"))) {
            out.write("id");
            for (int i = 2; i <= 100_000; i++) {
                out.write(",c" + i);
            }
            out.write("\nHX-1,Acme\n");
        }
        try (Writer out = Files.newBufferedWriter(generated.resolve("hundred-thousand-cells-in-a-row.csv"))) {
            out.write("id,name\nHC-1,Acme\nHC-2");
            for (int i = 2; i <= 100_000; i++) {
                out.write(",v");
            }
            out.write("\nHC-3,Gamma\n");
        }
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Files.writeString(generated.resolve("deeply-nested.json"), "[{\"id\":\"DN-1\",\"name\":\"Acme\"},\n"
                + "{\"id\":\"DN-2\",\"name\":\"Beta\",\"tags\":" + deep + "}]\n");
        Files.writeString(generated.resolve("deeply-nested.ndjson"), "{\"id\":\"DL-1\",\"name\":\"Acme\"}\n"
                + "{\"id\":\"DL-2\",\"name\":\"Beta\",\"tags\":" + deep + "}\n{\"id\":\"DL-3\",\"name\":\"Gamma\"}\n");
        byte[] noise = new byte[64 * 1024];
        new Random(7).nextBytes(noise);
        try (OutputStream out = Files.newOutputStream(generated.resolve("random-bytes.csv"))) {
            out.write(noise);
        }
        Path target = Files.writeString(outside.resolve("outside.csv"), "id,name\nOUT-1,Must not be read\n",
                StandardCharsets.UTF_8);
        Files.createSymbolicLink(generated.resolve("link-out-of-the-inbox.csv"), target);
    }
}
