package io.ferry.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.ArtemisServer;
import io.ferry.testing.FerryUnderTest.Row;
import io.ferry.testing.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Ferry instances, each in its own JVM, share the engines a user already runs: a standalone ActiveMQ Artemis
 * (its own process, login required) and a PostgreSQL server (its own cluster), plus one inbox folder and one reports
 * folder. They are given 20,000 cor-clients rows as 20 files in the shared inbox and 20,000 queue messages at once.
 * Both take a share of the work; when 40% of the clients exist, instance A is killed with SIGKILL and instance B
 * finishes everything: the files A was reading (after their claim's lease runs out) and the messages A had not
 * acknowledged. Afterwards every external id exists exactly once in the sandbox, no create was sent for an id that
 * already existed, and every record has one final outcome in the reports.
 *
 * <p>{@code -Dferry.proof.cluster-rows=N} changes the size (per intake; a multiple of 20).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIT {

    private static final int ROWS = Integer.getInteger("ferry.proof.cluster-rows", 20_000);
    private static final int FILES = 20;
    private static final int CONSUMERS = 4;
    private static final String TARGET = "cor-clients";
    private static final String BROKER_PASSWORD = "cluster-broker-pw-Zr8";
    private static final Duration RUN_LIMIT = Duration.ofMinutes(6);
    private static final Set<String> DELIVERED = Set.of("created", "updated", "unchanged");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Sandbox sandbox;
    private ArtemisServer broker;
    private FerryProcess a;
    private FerryProcess b;
    private Path inbox;
    private Path reports;
    private PostgresServer.Database database;
    private final Map<String, Long> sharesBeforeKill = new HashMap<>();

    @BeforeAll
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void twoInstancesShareTheWorkAndOneIsKilled(@TempDir Path root) throws Exception {
        database = PostgresServer.newDatabase("cluster");
        broker = ArtemisServer.start(root.resolve("artemis"), "ferry", BROKER_PASSWORD);
        sandbox = Sandbox.start(SandboxConfig.defaults());
        inbox = root.resolve("inbox");
        reports = root.resolve("reports");
        a = instance(root, "a", database);
        b = instance(root, "b", database);
        a.start();
        b.start();
        long started = System.nanoTime();

        queue().publishClients("sync.in." + TARGET, "Q-", ROWS);
        int perFile = ROWS / FILES;
        for (int file = 0; file < FILES; file++) {
            StringBuilder csv = new StringBuilder("id,name\n");
            for (int i = file * perFile + 1; i <= (file + 1) * perFile; i++) {
                csv.append("C-").append(i).append(",Client ").append(i).append('\n');
            }
            Path part = inbox.resolve(TARGET).resolve(fileName(file) + ".part");
            Files.writeString(part, csv);
            Files.move(part, inbox.resolve(TARGET).resolve(fileName(file)), StandardCopyOption.ATOMIC_MOVE);
        }

        await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(20))
                .until(() -> alive(a) && alive(b) && sandbox.corClientCount() >= 2 * ROWS * 2 / 5);
        sharesBeforeKill.put("a", delivered(a));
        sharesBeforeKill.put("b", delivered(b));
        a.kill();
        long clientsAtKill = sandbox.corClientCount();

        Set<String> expected = IntStream.rangeClosed(1, ROWS).mapToObj(i -> "Q-" + i).collect(Collectors.toSet());
        await().atMost(RUN_LIMIT).pollInterval(Duration.ofMillis(250)).until(() -> alive(b)
                && doneFiles().size() == FILES && ReportFile.finalExternalIds(queueReportLines(), DELIVERED).containsAll(expected));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("ClusterIT: %d file rows (%d files) + %d queue messages in %.1f s (%.0f records/s);"
                        + " records delivered before the kill: A %d, B %d; clients at the kill: %d; COR %s%n",
                ROWS, FILES, ROWS, seconds, 2 * ROWS / seconds, sharesBeforeKill.get("a"), sharesBeforeKill.get("b"),
                clientsAtKill, sandbox.stats().at("/cor/operations/clients.create"));
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable resource : new AutoCloseable[] {a, b, sandbox, broker}) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Test
    void eachInstanceDeliveredAShareBeforeTheKill() {
        assertThat(sharesBeforeKill.get("a")).as("records delivered by A").isPositive();
        assertThat(sharesBeforeKill.get("b")).as("records delivered by B").isPositive();
    }

    @Test
    void bothInstancesConsumedTheQueueAsCompetingConsumers() throws Exception {
        for (String instance : List.of("a", "b")) {
            List<Row> lines = new ArrayList<>();
            // Each instance's day of the queue is a run of its own, with its own report.
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(database.url(), database.user(),
                    database.password());
                 java.sql.PreparedStatement s = c.prepareStatement("SELECT report_path FROM ferry_run"
                         + " WHERE source = ? AND instance = ?")) {
                s.setString(1, "sync.in." + TARGET);
                s.setString(2, instance);
                try (java.sql.ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        lines.addAll(ReportFile.rows(reports.resolve(rs.getString(1))));
                    }
                }
            }
            assertThat(lines).as("queue records reported by instance %s", instance).isNotEmpty();
        }
    }

    @Test
    void everyClientExistsOnceAndNoCreateWasSentForAnExistingId() {
        assertThat(sandbox.stats().at("/cor/duplicate_creates").asLong()).as("creates sent for existing ids").isZero();
        assertThat(sandbox.corClientCount()).isEqualTo(2 * ROWS);
        for (int i = 1; i <= ROWS; i++) {
            assertThat(sandbox.corClient("C-" + i)).as("client C-%d", i).isPresent();
            assertThat(sandbox.corClient("Q-" + i)).as("client Q-%d", i).isPresent();
        }
    }

    @Test
    void everyFileWasTakenOnceAndEveryRowHasOneFinalOutcome() throws IOException {
        assertThat(doneFiles()).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, FILES).mapToObj(ClusterIT::fileName).toList());
        int perFile = ROWS / FILES;
        for (int file = 0; file < FILES; file++) {
            // One run per file: the one taken over after the kill went on in the same run and report.
            assertThat(ReportFile.reportsOf(reports, fileName(file))).as(fileName(file)).hasSize(1);
            List<Row> lines = ReportFile.rows(ReportFile.latest(reports, fileName(file)));
            assertThat(lines).as("%s: one line per row", fileName(file)).hasSize(perFile);
            Map<String, Row> outcomes = ReportFile.finalRows(lines);
            assertThat(outcomes).as(fileName(file)).hasSize(perFile);
            assertThat(outcomes.values()).allSatisfy(line -> assertThat(line.outcome()).as("%s", line).isIn(DELIVERED));
        }
    }

    @Test
    void everyQueueMessageHasOneFinalOutcomeAndNoneIsLeftOnTheBroker() throws Exception {
        List<Row> lines = queueReportLines();
        Map<String, Row> outcomes = ReportFile.finalRows(lines);
        assertThat(outcomes).as("one row label (message id #1) per message").hasSize(ROWS);
        assertThat(outcomes.values()).allSatisfy(line -> assertThat(line.outcome()).as("%s", line).isIn(DELIVERED));
        assertThat(outcomes.values()).extracting(Row::externalId).doesNotHaveDuplicates();
        assertThat(lines.size() - outcomes.size()).as("lines for a label reported twice: messages in flight at the kill")
                .isLessThanOrEqualTo(CONSUMERS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(queue().depth("sync.in." + TARGET))
                .as("messages left on sync.in.cor-clients").isZero());
    }

    private FerryProcess instance(Path root, String name, PostgresServer.Database database) throws IOException {
        Files.createDirectories(root.resolve(name));
        Map<String, String> settings = new HashMap<>();
        settings.put("ferry.instance.name", name);
        settings.put("ferry.data.dir", root.resolve(name).resolve("data").toString());
        settings.put("ferry.inbox.dir", inbox.toString());
        settings.put("ferry.reports.dir", reports.toString());
        settings.put("ferry.store.url", database.url());
        settings.put("ferry.store.user", database.user());
        settings.put("ferry.broker.url", broker.url());
        settings.put("ferry.broker.user", broker.user());
        settings.put("ferry.queue.consumers", Integer.toString(CONSUMERS));
        // A killed instance's file is taken over once its claim has not been renewed for this long.
        settings.put("ferry.inbox.claim-lease", "5s");
        // A killed instance's creates in flight are taken over (updated or looked up first) after this long.
        settings.put("ferry.store.create-claim-lease", "15s");
        settings.put("cor.base-url", sandbox.corBaseUrl());
        settings.put("cor.token-url", sandbox.corTokenUrl());
        return new FerryProcess(root.resolve(name), settings, Map.of(
                "COR_API_KEY", sandbox.config().corApiKey(),
                "COR_CLIENT_SECRET", sandbox.config().corClientSecret(),
                "FERRY_STORE_PASSWORD", database.password(),
                "FERRY_BROKER_PASSWORD", BROKER_PASSWORD));
    }

    private static String fileName(int file) {
        return String.format("clients-%02d.csv", file + 1);
    }

    private static boolean alive(FerryProcess instance) {
        if (!instance.isAlive()) {
            throw new IllegalStateException("a Ferry instance died on its own; see " + instance.logs());
        }
        return true;
    }

    /** Records this instance delivered (created or updated) to COR clients, from its own metrics. */
    private static long delivered(FerryProcess instance) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(instance.operatorUrl() + "/observe/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines()
                .filter(line -> line.startsWith("ferry_records_total{") && line.contains("target=\"" + TARGET + "\"")
                        && (line.contains("outcome=\"created\"") || line.contains("outcome=\"updated\"")))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private List<String> doneFiles() throws IOException {
        Path done = inbox.resolve(TARGET).resolve(".done");
        if (!Files.isDirectory(done)) {
            return List.of();
        }
        // .done/<day>/<file>.<run id>: the file names, once per run.
        try (Stream<Path> files = Files.walk(done)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                    .map(name -> name.substring(0, name.lastIndexOf('.'))).toList();
        }
    }

    private QueueClient queue() {
        return new QueueClient(broker.url(), broker.user(), BROKER_PASSWORD);
    }

    /** The lines of both instances' queue reports (one per instance and day: a run each). */
    private List<Row> queueReportLines() throws IOException {
        return ReportFile.queueReportLines(reports, "sync.in." + TARGET);
    }
}
