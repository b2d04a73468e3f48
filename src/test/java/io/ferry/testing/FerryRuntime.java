package io.ferry.testing;

import io.ferry.Ferry;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** A real Ferry (broker, store, routes) under a temporary folder, with fast polling, for end-to-end tests. */
public final class FerryRuntime implements AutoCloseable {

    // Each embedded broker in this JVM needs its own in-VM id.
    private static final AtomicInteger VM_IDS = new AtomicInteger(100);

    private final Path root;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Ferry ferry;

    private FerryRuntime(Path root, Map<String, String> extra) throws IOException {
        this.root = root;
        overrides.put("ferry.data.dir", root.resolve("data").toString());
        overrides.put("ferry.inbox.dir", root.resolve("inbox").toString());
        overrides.put("ferry.reports.dir", root.resolve("reports").toString());
        overrides.put("ferry.broker.acceptor", "tcp://127.0.0.1:" + freePort());
        overrides.put("ferry.inbox.poll-delay", "100");
        overrides.put("ferry.inbox.read-lock-min-age", "300");
        overrides.put("ferry.inbox.read-lock-check-interval", "300");
        overrides.put("camel.server.port", Integer.toString(freePort()));
        // Vendors refuse to start without credentials; a test that never calls them needs only placeholders.
        overrides.put("cor.access-token", "test-token-never-sent");
        overrides.put("complycube.api-key", "test-key-never-sent");
        overrides.put("clemta.api-key", "test-key-never-sent");
        overrides.putAll(extra);
    }

    /** Starts Ferry with the intake routes and stub target routes (test-routes/stub-targets.camel.yaml). */
    public static FerryRuntime withStubTargets(Path root) throws Exception {
        return start(root, Map.of("camel.main.routes-include-pattern",
                "classpath:routes/intake.camel.yaml,classpath:routes/records.camel.yaml,"
                        + "classpath:routes/deadletter.camel.yaml,classpath:test-routes/stub-targets.camel.yaml"));
    }

    public static FerryRuntime start(Path root, Map<String, String> extra) throws Exception {
        FerryRuntime runtime = new FerryRuntime(root, extra);
        runtime.startFerry();
        return runtime;
    }

    private void startFerry() throws Exception {
        overrides.put("ferry.broker.vm-id", Integer.toString(VM_IDS.incrementAndGet()));
        ferry = new Ferry(overrides).start();
    }

    /** Stops Ferry and starts it again on the same folders (data directory, inbox, reports). */
    public void restart() throws Exception {
        ferry.close();
        startFerry();
    }

    public CamelContext context() {
        return ferry.context();
    }

    public String property(String key) {
        return overrides.get(key);
    }

    public Path inbox(String target) {
        return root.resolve("inbox").resolve(target);
    }

    public Path report(String name) {
        return root.resolve("reports").resolve(name);
    }

    /** Writes a file next to the inbox folder and moves it in, as a well-behaved producer does. */
    public Path drop(String target, String fileName, byte[] content) throws IOException {
        Path staging = root.resolve("staging");
        Files.createDirectories(staging);
        Path temp = Files.write(staging.resolve(fileName), content);
        return Files.move(temp, inbox(target).resolve(fileName));
    }

    public Path drop(String target, String fileName, String content) throws IOException {
        return drop(target, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The report's rows as column → value maps (empty when the report does not exist yet). */
    public List<Map<String, String>> reportRows(String name) throws IOException {
        Path path = report(name);
        if (!Files.exists(path)) {
            return List.of();
        }
        List<Map<String, String>> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(path);
             CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
            for (CSVRecord record : parser) {
                rows.add(record.toMap());
            }
        }
        return rows;
    }

    @Override
    public void close() throws Exception {
        ferry.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
