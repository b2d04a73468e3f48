package io.ferry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.cor.CorClientMapper;
import io.ferry.cor.CorSources;
import io.ferry.record.Record;
import io.ferry.record.Source;
import io.ferry.record.Targets;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The throughput benchmark (bench/run.sh): the sandbox and Ferry each in their own JVM, Ferry with -Xmx256m and a GC
 * log, files dropped into its inbox, one table printed at the end. Not a test: surefire never runs it.
 *
 * <p>Arguments: {@code <ferry.jar> <work dir> [rows=100000] [bigRows=1000000] [concurrency=8] [latencyRows=4000]
 * [complycubeRows=60]}; a count of 0 skips its part. Environment: WARMUP_ROWS (rows of each warm-up round, created
 * and then re-sent twice, until Ferry's JIT compilers are quiet; default 100000), FERRY_JAVA_OPTS (extra JVM options
 * of Ferry, e.g. a flight recording) and FERRY_SETTINGS (extra settings of Ferry, "key=value" separated by spaces).
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COR_KEY = "sandbox-cor-key";
    private static final String COR_SECRET = "sandbox-cor-secret";
    // Warm-up (see warmUp): the JIT compilers' share of Ferry's CPU below which it counts as warm, and the most rounds.
    private static final double QUIET_JIT = 0.05;
    private static final int MAX_WARMUP_ROUNDS = 4;

    private final Path jar;
    private final Path work;
    private final int concurrency;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String sandboxUrl;
    private final List<Process> processes = new ArrayList<>();
    private Path gcLog;
    private final List<String[]> table = new ArrayList<>();

    private Benchmark(Path jar, Path work, int concurrency) {
        this.jar = jar;
        this.work = work;
        this.concurrency = concurrency;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int bigRows = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        int latencyRows = args.length > 5 ? Integer.parseInt(args[5]) : 4_000;
        int complycubeRows = args.length > 6 ? Integer.parseInt(args[6]) : 60;
        Benchmark bench = new Benchmark(jar, work, concurrency);
        try {
            bench.run(rows, bigRows, latencyRows, complycubeRows);
        } finally {
            bench.stop();
        }
    }

    private void run(int rows, int bigRows, int latencyRows, int complycubeRows) throws Exception {
        Files.createDirectories(work);
        int sandboxPort = freePort();
        // The sandbox: documented limits (ComplyCube 10/s), enough threads for the concurrency, a small journal.
        start("sandbox", List.of("java", "-Xmx2g", "-cp", jar.toString(), "io.ferry.sandbox.SandboxMain",
                "--port", Integer.toString(sandboxPort), "--set", "sandbox.threads=" + Math.max(16, concurrency * 2),
                "--set", "sandbox.journal-size=1000"), "Sandbox listening on");
        sandboxUrl = "http://127.0.0.1:" + sandboxPort;
        gcLog = work.resolve("ferry-gc.log");
        List<String> ferry = new ArrayList<>(List.of("java", "-Xmx256m", "-Xlog:gc:file=" + gcLog));
        // FERRY_JAVA_OPTS: extra JVM options of Ferry, e.g. -XX:StartFlightRecording=filename=ferry.jfr to profile.
        String opts = System.getenv("FERRY_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            ferry.addAll(List.of(opts.trim().split("\\s+")));
        }
        ferry.addAll(List.of("-cp", jar.toString(), "io.ferry.FerryMain"));
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("ferry.data.dir", work.resolve("data").toString());
        settings.put("ferry.inbox.dir", work.resolve("inbox").toString());
        settings.put("ferry.reports.dir", work.resolve("reports").toString());
        settings.put("ferry.broker.acceptor", "tcp://127.0.0.1:" + freePort());
        settings.put("camel.server.port", Integer.toString(freePort()));
        settings.put("ferry.inbox.poll-delay", "50");
        settings.put("ferry.inbox.read-lock-min-age", "0");
        settings.put("ferry.inbox.read-lock-check-interval", "50");
        settings.put("ferry.delivery.concurrency", Integer.toString(concurrency));
        settings.put("cor.base-url", sandboxUrl + "/cor/v2/integrations");
        settings.put("cor.token-url", sandboxUrl + "/cor/v1/oauth/token");
        settings.put("cor.api-key", COR_KEY);
        settings.put("cor.client-secret", COR_SECRET);
        settings.put("cor.source", "SALESFORCE");
        settings.put("cor.base-currency", "USD");
        settings.put("complycube.base-url", sandboxUrl + "/complycube/v1");
        settings.put("complycube.api-key", "sandbox-complycube-key");
        settings.put("clemta.base-url", sandboxUrl + "/clemta");
        settings.put("clemta.api-key", "sandbox-clemta-key");
        // FERRY_SETTINGS: extra settings of Ferry, "key=value" separated by spaces, e.g. to try another store URL.
        String extra = System.getenv("FERRY_SETTINGS");
        if (extra != null && !extra.isBlank()) {
            for (String pair : extra.trim().split("\\s+")) {
                settings.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        settings.forEach((k, v) -> {
            ferry.add("--set");
            ferry.add(k + "=" + v);
        });
        start("ferry", ferry, "Apache Camel .* started");

        // Warm-up of both sides (JIT, token, connections), not measured: the ceiling's client and Ferry are each
        // measured warm, as a Ferry that has been running is (see warmUp).
        int warmup = Integer.parseInt(System.getenv().getOrDefault("WARMUP_ROWS", "100000"));
        if (warmup > 0) {
            warmUp(warmup);
        }
        ceiling("CEILW-", Math.min(rows, 5_000));

        // (1) Ceiling: the same payloads, plain HttpClient, same concurrency, same sandbox.
        Cpu cpu = new Cpu();
        double ceiling = ceiling("CEIL-", rows);
        row("1", "ceiling: HttpClient POST loop, " + fmt(rows) + " clients, concurrency " + concurrency,
                rate(ceiling), "");
        cpu.print("(1)", rows, "client (this JVM)", ProcessHandle.current());

        // (2) Ferry, first run.
        Path file = writeClients("clients.csv", "C", rows);
        long callsBefore = corCalls();
        cpu = new Cpu();
        double first = rows / dropAndWait("cor-clients", "clients-1.csv", file);
        cpu.print("(2)", rows, "Ferry", processes.get(1).toHandle());
        long calls = corCalls() - callsBefore;
        row("2", "Ferry cor-clients, " + fmt(rows) + " rows, first run (" + fmt(calls) + " API calls)", rate(first),
                String.format(Locale.ROOT, "%.2f x (1), target >= 0.8", first / ceiling));

        // (3) The same rows again: all unchanged.
        callsBefore = corCalls();
        cpu = new Cpu();
        double again = rows / dropAndWait("cor-clients", "clients-2.csv", file);
        cpu.print("(3)", rows, "Ferry", processes.get(1).toHandle());
        calls = corCalls() - callsBefore;
        row("3", "same rows again, all unchanged: API calls " + calls + " (target 0)", rate(again),
                String.format(Locale.ROOT, "%.1f x (2), target >= 20", again / first));

        // (6) ComplyCube at its 10/s limit: new clients, 3 calls each (2 lookups + create). A count of 0 skips a part.
        if (complycubeRows > 0) {
            complyCube(complycubeRows);
        }
        if (latencyRows > 0) {
            latency(latencyRows);
        }
        if (bigRows > 0) {
            big(bigRows);
        }
        print();
    }

    /**
     * Ferry's warm-up: rounds of {@code rows} new clients created, then the same rows re-sent twice (all unchanged),
     * until a round in which Ferry's JIT compilers used less than {@link #QUIET_JIT} of its CPU both while creating
     * and in the last re-send, at most {@link #MAX_WARMUP_ROUNDS} rounds. A fixed warm-up left the measurement to
     * chance on a machine of 2 cores, where the compiler thread competes with Ferry's own: after 100,000 creates, C2
     * compiled for the unchanged path through its first three re-sends (about half of Ferry's CPU in the first two),
     * and a create after unchanged re-sends recompiles shared methods (the id map's H2 calls among them) that the
     * re-sends had compiled for themselves. A round's create follows the previous round's re-sends, as (2) follows
     * the last round's, so a quiet round means both (2) and (3) run compiled code. Where the shares cannot be read
     * (no /proc), all rounds run.
     */
    private void warmUp(int rows) throws Exception {
        ProcessHandle ferry = processes.get(1).toHandle();
        for (int round = 1; round <= MAX_WARMUP_ROUNDS; round++) {
            String name = "warmup-" + round;
            Path file = writeClients(name + ".csv", "WARM" + round, rows);
            Threads before = Threads.of(ferry);
            dropAndWait("cor-clients", name + ".csv", file);
            double creating = Threads.of(ferry).jitShareSince(before);
            double again = Double.NaN;
            for (int pass = 1; pass <= 2; pass++) {
                before = Threads.of(ferry);
                dropAndWait("cor-clients", name + "-again-" + pass + ".csv", file);
                again = Threads.of(ferry).jitShareSince(before);
            }
            // NaN (shares unknown) compares false: never quiet.
            boolean quiet = creating < QUIET_JIT && again < QUIET_JIT;
            System.out.printf(Locale.ROOT, "  warm-up round %d: Ferry's JIT compilers used %.0f%% of its CPU creating,"
                    + " %.0f%% in the last unchanged re-send%s%n", round, 100 * creating, 100 * again,
                    quiet ? ": warm" : round == MAX_WARMUP_ROUNDS ? ": still compiling, measuring anyway" : "");
            if (quiet) {
                return;
            }
        }
    }

    private void complyCube(int complycubeRows) throws Exception {
        long ccBefore = complyCubeCalls();
        long c429Before = complyCube429s();
        long t0 = System.nanoTime();
        dropAndWait("complycube-clients", "cc.csv", writeComplyCube("cc.csv", complycubeRows));
        double ccSeconds = (System.nanoTime() - t0) / 1e9;
        long ccCalls = complyCubeCalls() - ccBefore;
        long c429 = complyCube429s() - c429Before;
        row("6", "ComplyCube limited to 10/s: " + ccCalls + " calls, 429s: " + c429 + " (target 0)",
                String.format(Locale.ROOT, "%.2f calls/s", ccCalls / ccSeconds), "target >= 9.5/s");
    }

    private void latency(int latencyRows) throws Exception {
        // (4) 50 ms latency on every COR call.
        post("/__sandbox/faults/cor", "{\"latency-ms\":50}");
        double slow = latencyRows / dropAndWait("cor-clients", "slow.csv", writeClients("slow.csv", "L", latencyRows));
        post("/__sandbox/faults/cor", "{}");
        double ideal = concurrency / 0.050;
        row("4", "50 ms latency, " + fmt(latencyRows) + " rows; concurrency/latency = " + rate(ideal), rate(slow),
                String.format(Locale.ROOT, "%.2f x ideal, target >= 0.9", slow / ideal));
    }

    private void big(int bigRows) throws Exception {
        // (5) A million rows with -Xmx256m.
        Path big = writeClients("big.csv", "B", bigRows);
        long gcLinesBefore = Files.readAllLines(gcLog).size();
        double bigRate = bigRows / dropAndWait("cor-clients", "big.csv", big);
        long[] heap = heapMb(gcLog, gcLinesBefore);
        row("5", fmt(bigRows) + " rows with -Xmx256m: completed, heap peak " + heap[0] + " MB, largest live set (after"
                + " a mixed or full GC) " + heap[1] + " MB (GC log)", rate(bigRate),
                "target: completes under 256 MB");
    }

    /** CPU time the processes used from its creation on: where a run's work goes, per record. */
    private final class Cpu {
        private final Duration sandbox = cpu(processes.get(0).toHandle());
        private final Duration ferry = cpu(processes.get(1).toHandle());
        private final Threads ferryThreads = Threads.of(processes.get(1).toHandle());
        private final Duration self = cpu(ProcessHandle.current());

        void print(String part, int rows, String who, ProcessHandle process) {
            boolean client = process.equals(ProcessHandle.current());
            Duration mine = client ? self : ferry;
            String shares = "";
            if (!client) {
                Threads now = Threads.of(process);
                shares = now.all() - ferryThreads.all() <= 0 ? "" : String.format(Locale.ROOT,
                        " (JIT compilers %.0f%%, GC %.0f%%)", 100 * now.jitShareSince(ferryThreads),
                        100 * now.gcShareSince(ferryThreads));
            }
            System.out.printf(Locale.ROOT, "  %s CPU per record: %s %.0f us%s, sandbox %.0f us%n", part, who,
                    (cpu(process).minus(mine).toNanos() / 1e3) / rows, shares,
                    (cpu(processes.get(0).toHandle()).minus(sandbox).toNanos() / 1e3) / rows);
        }

        private static Duration cpu(ProcessHandle process) {
            return process.info().totalCpuDuration().orElse(Duration.ZERO);
        }
    }

    /**
     * A process's CPU time in clock ticks, all of it and that of its JIT compiler and garbage collector threads (by
     * the names HotSpot gives them), read from /proc: all zero where there is none (not Linux).
     */
    record Threads(long all, long jit, long gc) {

        static Threads of(ProcessHandle process) {
            Path proc = Path.of("/proc", Long.toString(process.pid()));
            long jit = 0;
            long gc = 0;
            try (var tasks = Files.list(proc.resolve("task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String name = Files.readString(task.resolve("comm")).trim();
                        long ticks = ticks(Files.readString(task.resolve("stat")));
                        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                            jit += ticks;
                        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                            gc += ticks;
                        }
                    } catch (IOException e) {
                        // The thread ended between listing and reading: its time is in the process's total.
                    }
                }
                return new Threads(ticks(Files.readString(proc.resolve("stat"))), jit, gc);
            } catch (IOException e) {
                return new Threads(0, 0, 0);
            }
        }

        // utime + stime of a /proc stat line: fields 14 and 15, counted after the command name in parentheses.
        static long ticks(String stat) {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        // The shares of the CPU used since then: NaN when unknown (no /proc), which never counts as quiet.
        double jitShareSince(Threads before) {
            long all = this.all - before.all;
            return all <= 0 ? Double.NaN : (double) (jit - before.jit) / all;
        }

        double gcShareSince(Threads before) {
            long all = this.all - before.all;
            return all <= 0 ? Double.NaN : (double) (gc - before.gc) / all;
        }
    }

    // ---- ceiling -------------------------------------------------------------------------------------------------

    private double ceiling(String prefix, int rows) throws Exception {
        String token = corToken();
        CorClientMapper mapper = new CorClientMapper(new CorSources("SALESFORCE"));
        List<byte[]> payloads = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            ObjectNode fields = JSON.createObjectNode().put("id", prefix + i).put("name", "Client " + i);
            payloads.add(mapper.createRequest(Record.of(Targets.COR_CLIENTS, Source.file("ceiling", i + 1), prefix + i,
                    fields)).bodyBytes());
        }
        URI uri = URI.create(sandboxUrl + "/cor/v2/integrations/clients");
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            done.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < rows; i = next.getAndIncrement()) {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                            .header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(payloads.get(i))).build();
                    HttpResponse<String> response = null;
                    // A connection the server closed while idle is retried, as any keep-alive client would.
                    for (int attempt = 0; response == null; attempt++) {
                        try {
                            response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            retries.incrementAndGet();
                            if (attempt >= 3) {
                                throw e;
                            }
                        }
                    }
                    if (response.statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        if (failures.get() > 0 || retries.get() > 0) {
            System.out.println("  ceiling: " + failures.get() + " calls did not answer 200, " + retries.get()
                    + " retried after a closed connection");
        }
        return rows / seconds;
    }

    private String corToken() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandboxUrl + "/cor/v1/oauth/token?grant_type=client_credentials"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((COR_KEY + ":" + COR_SECRET)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        JsonNode answer = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        return answer.get("access_token").asText();
    }

    // ---- Ferry runs ----------------------------------------------------------------------------------------------

    /** Moves the file into the inbox at once and waits for it in .done/: seconds from appearance to last report row. */
    private double dropAndWait(String target, String name, Path file) throws Exception {
        Path inbox = Files.createDirectories(work.resolve("inbox").resolve(target));
        Path done = inbox.resolve(".done");
        int before = io.ferry.testing.FerryUnderTest.keptCopies(done, name).size();
        Path staged = inbox.resolve(name + ".part");
        Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
        long t0 = System.nanoTime();
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        // Each run keeps its file as .done/<day>/<file>.<run id>.
        while (io.ferry.testing.FerryUnderTest.keptCopies(done, name).size() == before) {
            Thread.sleep(5);
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a benchmark process died; see " + work);
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "  %s: %.1f s%n", name, seconds);
        return seconds;
    }

    private Path writeClients(String name, String prefix, int rows) throws IOException {
        Path file = work.resolve("files").resolve(name);
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("id,name,email_contact,phone\n");
            for (int i = 0; i < rows; i++) {
                out.write(prefix + "-" + i + ",Client " + i + " Ltd,contact" + i + "@example.com,+1 415 555 " + (1000 + i % 9000)
                        + "\n");
            }
        }
        return file;
    }

    private Path writeComplyCube(String name, int rows) throws IOException {
        Path file = work.resolve("files").resolve(name);
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("externalId,type,email,personDetails.firstName,personDetails.lastName\n");
            for (int i = 0; i < rows; i++) {
                out.write("CC-" + i + ",person,cc" + i + "@example.com,Ann,Lee" + i + "\n");
            }
        }
        return file;
    }

    // ---- sandbox stats -------------------------------------------------------------------------------------------

    private JsonNode stats() throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/__sandbox/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private long corCalls() throws Exception {
        return requests(stats().path("cor"), name -> !name.contains("token"));
    }

    private long complyCubeCalls() throws Exception {
        return requests(stats().path("complycube"), name -> true);
    }

    private static long requests(JsonNode api, java.util.function.Predicate<String> operation) {
        long sum = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = api.path("operations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> op = it.next();
            if (operation.test(op.getKey())) {
                sum += op.getValue().path("requests").asLong();
            }
        }
        return sum;
    }

    private long complyCube429s() throws Exception {
        long sum = 0;
        for (JsonNode op : stats().path("complycube").path("operations")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = op.path("rejections").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> code = it.next();
                if (code.getKey().toLowerCase(Locale.ROOT).contains("rate") || code.getKey().contains("429")) {
                    sum += code.getValue().asLong();
                }
            }
        }
        return sum;
    }

    private void post(String path, String body) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- heap ----------------------------------------------------------------------------------------------------

    /**
     * From line {@code from} of the GC log on, in MB: the largest heap occupancy before a collection, and the largest
     * after a collection that also cleared the old generation (G1's mixed collections, or a full one), which is the
     * live set. A young collection leaves the old generation's garbage in place, and G1's remark and cleanup pauses
     * collect nothing: their "after" is the occupancy, not what is alive.
     */
    static long[] heapMb(Path gcLog, long from) throws IOException {
        Pattern used = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
        long peak = 0;
        long live = 0;
        long afterYoung = 0;
        List<String> lines = Files.readAllLines(gcLog);
        for (String line : lines.subList((int) Math.min(from, lines.size()), lines.size())) {
            Matcher m = used.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
                if (line.contains("Pause Young (Mixed)") || line.contains("Pause Full")) {
                    live = Math.max(live, Long.parseLong(m.group(2)));
                } else if (line.contains("Pause Young")) {
                    afterYoung = Math.max(afterYoung, Long.parseLong(m.group(2)));
                }
            }
        }
        // Without a mixed or full collection, the largest heap after a young one: more than the live set, never less.
        return new long[] {peak, live > 0 ? live : afterYoung};
    }

    // ---- processes and output ------------------------------------------------------------------------------------

    private void start(String name, List<String> command, String readyPattern) throws Exception {
        Path log = work.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        Pattern ready = Pattern.compile(readyPattern);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            if (Files.exists(log) && ready.matcher(Files.readString(log)).find()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " did not start in 2 minutes; see " + log);
    }

    private void stop() {
        for (Process p : processes) {
            p.destroy();
        }
    }

    private void row(String n, String what, String value, String ratio) {
        table.add(new String[] {n, what, value, ratio});
        System.out.println("  (" + n + ") " + what + ": " + value + " " + ratio);
    }

    private void print() {
        System.out.println();
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores; Ferry -Xmx256m, "
                + "concurrency " + concurrency + "; sandbox in its own JVM");
        System.out.println();
        System.out.println("| # | measurement | result | vs target |");
        System.out.println("|---|---|---|---|");
        for (String[] r : table) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f records/s", perSecond);
    }

    private static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
