package io.ferry.testing;

import static org.awaitility.Awaitility.await;

import io.ferry.Ferry;
import org.apache.camel.CamelContext;
import io.ferry.sandbox.RecordedRequest;
import io.ferry.sandbox.Sandbox;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Ferry started in-process against a sandbox over loopback HTTP, with its own temporary folders, broker port and
 * store; files are dropped into the inbox and their reports read back.
 */
public final class FerryUnderTest implements AutoCloseable {

    private static final AtomicInteger VM_IDS = new AtomicInteger(100 + (int) (ProcessHandle.current().pid() % 1000));

    private final Path root;
    private final Map<String, String> props = new HashMap<>();
    private Ferry ferry;

    /** One report row, by column name. */
    public record Row(Map<String, String> cells) {
        public String get(String column) {
            return cells.get(column);
        }

        public String outcome() {
            return get("outcome");
        }

        public String externalId() {
            return get("external_id");
        }

        public String message() {
            return get("message");
        }

        public String code() {
            return get("code");
        }

        @Override
        public String toString() {
            return cells.toString();
        }
    }

    /** A Ferry whose vendors are the sandbox (or, with a null sandbox, whose COR is never called). */
    public FerryUnderTest(Path root, Sandbox sandbox, Map<String, String> extra) throws Exception {
        this.root = root;
        props.put("ferry.data.dir", root.resolve("data").toString());
        props.put("ferry.inbox.dir", root.resolve("inbox").toString());
        props.put("ferry.reports.dir", root.resolve("reports").toString());
        props.put("ferry.broker.acceptor", "tcp://127.0.0.1:" + freePort());
        props.put("camel.server.port", Integer.toString(freePort()));
        // Files are dropped with an atomic rename, so they are complete at once: no need to wait for them to settle.
        props.put("ferry.inbox.poll-delay", "50");
        props.put("ferry.inbox.read-lock-min-age", "0");
        props.put("ferry.inbox.read-lock-check-interval", "50");
        props.put("ferry.retry.initial-delay", "50");
        props.put("ferry.retry.max-delay", "400");
        if (sandbox == null) {
            // A vendor without credentials is disabled; tests that never call the vendors need only placeholders.
            props.put("cor.access-token", "test-token-never-sent");
            props.put("complycube.api-key", "test-key-never-sent");
            props.put("clemta.api-key", "test-key-never-sent");
        } else {
            props.put("complycube.base-url", sandbox.complyCubeBaseUrl());
            props.put("complycube.api-key", sandbox.config().complycubeApiKey());
            props.put("clemta.base-url", sandbox.clemtaBaseUrl());
            props.put("clemta.api-key", sandbox.config().clemtaApiKey());
            props.put("cor.base-url", sandbox.corBaseUrl());
            props.put("cor.token-url", sandbox.corTokenUrl());
            props.put("cor.api-key", sandbox.config().corApiKey());
            props.put("cor.client-secret", sandbox.config().corClientSecret());
            props.put("cor.base-currency", sandbox.config().corBaseCurrency());
        }
        props.put("cor.source", "SALESFORCE");
        // One lane: report rows and vendor calls in input order, as most tests assert; tests of parallel delivery
        // (DeliveryLanesTest, the benchmark) set ferry.delivery.concurrency themselves.
        props.put("ferry.delivery.concurrency", "1");
        props.putAll(extra);
        start();
    }

    /** Ferry with the intake routes and stub target routes (test-routes/stub-targets.camel.yaml) instead of vendors. */
    public static FerryUnderTest withStubTargets(Path root, Map<String, String> extra) throws Exception {
        Map<String, String> props = new HashMap<>(extra);
        props.put("camel.main.routes-include-pattern", "classpath:routes/intake.camel.yaml,"
                + "classpath:routes/records.camel.yaml,classpath:routes/deadletter.camel.yaml,classpath:routes/operator.camel.yaml,"
                + "classpath:test-routes/stub-targets.camel.yaml");
        return new FerryUnderTest(root, null, props);
    }

    private void start() throws Exception {
        props.put("ferry.broker.vm-id", Integer.toString(VM_IDS.incrementAndGet()));
        ferry = new Ferry(props).start();
    }

    /** Stops Ferry and starts it again on the same folders (data directory, inbox, reports). */
    public void restart() throws Exception {
        ferry.close();
        start();
    }

    public CamelContext context() {
        return ferry.context();
    }

    public String property(String key) {
        return props.get(key);
    }

    /** The operator interface's base URL. */
    public String operatorUrl() {
        return "http://127.0.0.1:" + props.get("camel.server.port");
    }

    public Path inbox(String target) {
        return root.resolve("inbox").resolve(target);
    }

    public Ferry ferry() {
        return ferry;
    }

    /** Drops a file into inbox/{target}/ atomically and returns its report rows once the file is done. */
    public List<Row> deliver(String target, String fileName, String content) throws IOException {
        drop(target, fileName, content);
        return awaitReport(target, fileName);
    }

    /** Drops a file into inbox/{target}/ atomically (written aside, then renamed in). */
    public void drop(String target, String fileName, String content) throws IOException {
        drop(target, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    public void drop(String target, String fileName, byte[] content) throws IOException {
        Path inbox = inbox(target);
        Path tmp = inbox.resolve(fileName + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, inbox.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Waits until the file was moved to {@code .done/<day>/<file>.<run id>} (its report is complete then) and returns
     * the rows of that run's report.
     */
    public List<Row> awaitReport(String target, String fileName) throws IOException {
        return awaitReport(target, fileName, Duration.ofSeconds(30));
    }

    /** {@link #awaitReport(String, String)}, waiting at most {@code limit}. */
    public List<Row> awaitReport(String target, String fileName, Duration limit) throws IOException {
        long run = awaitDone(target, fileName, limit);
        return report(fileName, run);
    }

    /**
     * Waits for the next run of a dropped file to be done ({@code .done/<day>/<file>.<run id>}, one not returned
     * before) and returns its run id.
     */
    public long awaitDone(String target, String fileName, Duration limit) {
        Path done = root.resolve("inbox").resolve(target).resolve(".done");
        java.util.concurrent.atomic.AtomicReference<Path> found = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(limit).pollInterval(Duration.ofMillis(20)).until(() -> {
            found.set(keptCopies(done, fileName).stream().filter(kept -> !consumed.contains(kept)).findFirst()
                    .orElse(null));
            return found.get() != null;
        });
        consumed.add(found.get());
        String name = found.get().getFileName().toString();
        return Long.parseLong(name.substring(fileName.length() + 1));
    }

    // Paths of processed copies already handed to a test: the next drop of the same name waits for a new one.
    private final java.util.Set<Path> consumed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The copies kept of a file's runs below a .done or .failed folder ({@code <day>/<file>.<run id>}), oldest run first. */
    public static List<Path> keptCopies(Path folder, String fileName) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(fileName)
                + "\\.(\\d+)");
        try (java.util.stream.Stream<Path> files = Files.walk(folder, 2)) {
            return files.filter(f -> name.matcher(f.getFileName().toString()).matches())
                    .sorted(java.util.Comparator.comparingLong(f -> runOf(f.getFileName().toString(), fileName)))
                    .toList();
        }
    }

    private static long runOf(String keptName, String fileName) {
        return Long.parseLong(keptName.substring(fileName.length() + 1));
    }

    /** A bean of the running Ferry. */
    public <T> T bean(String name, Class<T> type) {
        return ferry.context().getRegistry().lookupByNameAndType(name, type);
    }

    /** The rows of the latest report of a file name ({@code <file>.<run id>.report.csv}; empty while there is none). */
    public List<Row> report(String fileName) throws IOException {
        Path latest = latestReport(fileName);
        return latest == null ? List.of() : ReportRows.read(latest);
    }

    /** The rows of the report of one run of a file. */
    public List<Row> report(String fileName, long run) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(reports(), 3)) {
            Path report = files.filter(f -> f.getFileName().toString().equals(fileName + "." + run + ".report.csv"))
                    .findFirst().orElse(null);
            return report == null ? List.of() : ReportRows.read(report);
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        }
    }

    /** The latest report of a file name, or null. */
    public Path latestReport(String fileName) throws IOException {
        return reportsOf(fileName).stream().reduce((first, second) -> second).orElse(null);
    }

    /** The reports of every run of a file name (or a queue or topic name), oldest run first. */
    public List<Path> reportsOf(String inputName) throws IOException {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(inputName)
                + "\\.(\\d+)\\.report\\.csv");
        try (java.util.stream.Stream<Path> files = Files.walk(reports(), 3)) {
            return files.filter(f -> name.matcher(f.getFileName().toString()).matches())
                    .sorted(java.util.Comparator.comparingLong(f -> {
                        java.util.regex.Matcher m = name.matcher(f.getFileName().toString());
                        m.matches();
                        return Long.parseLong(m.group(1));
                    })).toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        }
    }

    /**
     * The rows of a queue's or topic's reports (one per day and run: {@code <source>/<day>/<source>.<run>.report.csv}),
     * oldest run first: a run that passes midnight goes on in the next day's run.
     */
    public List<Row> dailyReport(String source) throws IOException {
        List<Row> rows = new java.util.ArrayList<>();
        for (Path report : reportsOf(source)) {
            rows.addAll(ReportRows.read(report));
        }
        return rows;
    }

    public Path reports() {
        return root.resolve("reports");
    }

    /** The requests the sandbox journaled for COR's Integrations API (token calls left out). */
    public static List<RecordedRequest> corCalls(Sandbox sandbox) {
        return sandbox.requests().stream().filter(r -> r.path().startsWith("/cor/v2/")).toList();
    }

    /** The requests the sandbox journaled for ComplyCube that Ferry sent (not those a test made itself). */
    public static List<RecordedRequest> complyCubeCalls(Sandbox sandbox) {
        return ferryCalls(sandbox, "/complycube/");
    }

    /** The requests the sandbox journaled for Clemta that Ferry sent (not those a test made itself). */
    public static List<RecordedRequest> clemtaCalls(Sandbox sandbox) {
        return ferryCalls(sandbox, "/clemta/");
    }

    private static List<RecordedRequest> ferryCalls(Sandbox sandbox, String prefix) {
        return sandbox.requests().stream().filter(r -> r.path().startsWith(prefix))
                .filter(r -> "Ferry".equals(r.header("User-Agent"))).toList();
    }

    /** Deletes the id map rows of a target, as if Ferry's store had been lost. */
    public void forgetIdMap(String target) throws java.sql.SQLException {
        javax.sql.DataSource store = bean("store", io.ferry.store.Store.class).dataSource();
        try (java.sql.Connection c = store.getConnection();
             java.sql.PreparedStatement s = c.prepareStatement("DELETE FROM ferry_id_map WHERE target = ?")) {
            s.setString(1, target);
            s.executeUpdate();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        ferry.close();
    }
}
