package io.ferry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.cor.CorClientMapper;
import io.ferry.cor.CorSources;
import io.ferry.record.Record;
import io.ferry.record.Source;
import io.ferry.record.Targets;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The throughput benchmark (bench/run.sh): the sandbox and Ferry each in their own JVM, Ferry with -Xmx256m and a GC
 * log, files dropped into its inbox, one table printed at the end. Not a test: surefire never runs it.
 *
 * <p>Arguments: {@code <ferry.jar> <work dir> [--quick] [rows=100000] [bigRows=1000000] [concurrency=8]
 * [latencyRows=4000] [complycubeRows=60] [capacityRows=10000]}; a count of 0 skips its part, and capacityRows
 * defaults to 0 when latencyRows is 0 (so {@code rows 0 8 0 0} runs rows (1)-(3) only). {@code --quick} changes the
 * defaults to {@link Sizes#QUICK} and warms up in one round. Environment: WARMUP_ROWS (rows of each warm-up round,
 * created and then re-sent twice, until Ferry's JIT compilers are quiet), FERRY_JAVA_OPTS (extra JVM options of
 * Ferry, e.g. a flight recording) and FERRY_SETTINGS (extra settings of Ferry, "key=value" separated by spaces).
 * System property ferry.bench.wrk-script: the wrk script of row (1) (default bench/cor-clients.lua).
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COR_KEY = "sandbox-cor-key";
    private static final String COR_SECRET = "sandbox-cor-secret";
    // Warm-up (see warmUp): the JIT compilers' share of Ferry's CPU below which it counts as warm.
    private static final double QUIET_JIT = 0.05;
    // Alternating rounds of (1) and (2), whose medians are compared.
    private static final int ROUNDS = 3;
    // Rows (7) and (8): the sandbox's COR latency and capacity, the capacity (8) drops to, and the targets.
    private static final int CAPACITY_LATENCY_MS = 100;
    private static final int CAPACITY = 64;
    private static final int DROPPED_CAPACITY = 16;
    private static final double FOLLOW_SECONDS = 10;
    private static final int CAPACITY_WARMUP_ROWS = 5_000;
    private static final String NO_CAPACITY_MODEL = "skipped (needs sandbox capacity model)";
    // Row (1): the number whose every occurrence in the payload template stands for the record's index.
    private static final String MARKER = "987654321";

    /** The sizes of a run, and whether it is the quick one. */
    record Sizes(boolean quick, boolean given, int rows, int bigRows, int concurrency, int latencyRows,
            int complycubeRows, int capacityRows, int warmupRows, int warmupRounds) {

        static final Sizes FULL = new Sizes(false, false, 100_000, 1_000_000, 8, 4_000, 60, 10_000, 100_000, 4);
        static final Sizes QUICK = new Sizes(true, false, 20_000, 200_000, 8, 1_000, 20, 8_000, 20_000, 1);

        static Sizes of(List<String> args) {
            boolean quick = args.remove("--quick");
            Sizes d = quick ? QUICK : FULL;
            int[] n = new int[6];
            int[] defaults = {d.rows, d.bigRows, d.concurrency, d.latencyRows, d.complycubeRows, -1};
            for (int i = 0; i < n.length; i++) {
                n[i] = args.size() > i ? Integer.parseInt(args.get(i)) : defaults[i];
            }
            // Without its own count, the capacity part runs when the latency part does: "rows 0 8 0 0" is rows 1-3.
            int capacityRows = n[5] >= 0 ? n[5] : n[3] == 0 ? 0 : d.capacityRows;
            String warmup = System.getenv("WARMUP_ROWS");
            return new Sizes(quick, !args.isEmpty(), n[0], n[1], n[2], n[3], n[4], capacityRows,
                    warmup == null || warmup.isBlank() ? d.warmupRows : Integer.parseInt(warmup.trim()),
                    d.warmupRounds);
        }

        String describe() {
            return String.format(Locale.ROOT, "%s run%s: %s rows for (1)-(3), %s for (4), %s for (5), %s for (6),"
                    + " %s for (7), (7b) and (8); concurrency %d; warm-up of at most %d round%s of %s rows",
                    quick ? "Quick" : "Full", given ? " with sizes given" : "", fmt(rows), fmt(latencyRows),
                    fmt(bigRows), fmt(complycubeRows), fmt(capacityRows), concurrency, warmupRounds,
                    warmupRounds == 1 ? "" : "s", fmt(warmupRows));
        }
    }

    private final Path jar;
    private final Path work;
    private final Sizes sizes;
    private final int concurrency;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private final List<String[]> table = new ArrayList<>();
    private String sandboxUrl;
    private Process sandbox;
    private Process ferry;
    private int ferryPort;
    // The Ferry now running keeps its data, inbox and reports below this directory.
    private Path ferryDir;
    private Path gcLog;

    private Benchmark(Path jar, Path work, Sizes sizes) {
        this.jar = jar;
        this.work = work;
        this.sizes = sizes;
        this.concurrency = sizes.concurrency();
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
        Benchmark bench = new Benchmark(Path.of(args[0]), Path.of(args[1]), Sizes.of(rest));
        try {
            bench.run();
        } finally {
            bench.stopAll();
        }
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        System.out.println(sizes.describe());
        // The sandbox: documented limits (ComplyCube 10/s), enough threads for the concurrency, a small journal.
        startSandbox("sandbox", List.of());
        startFerry("ferry", work, Map.of());

        // Warm-up of both sides (JIT, token, connections), not measured: the ceiling's clients and Ferry are each
        // measured warm, as a Ferry that has been running is (see warmUp).
        if (sizes.warmupRows() > 0 && sizes.rows() > 0) {
            warmUp(sizes.warmupRows(), sizes.warmupRounds());
        }
        if (sizes.rows() > 0) {
            rows1to3(sizes.rows());
        }
        if (sizes.complycubeRows() > 0) {
            complyCube(sizes.complycubeRows());
        }
        if (sizes.latencyRows() > 0) {
            latency(sizes.latencyRows());
        }
        if (sizes.bigRows() > 0) {
            big(sizes.bigRows());
        }
        if (sizes.capacityRows() > 0) {
            // Rows (7) and (8) need a sandbox with a capacity model and Ferrys of their own: the first pair leaves.
            stopAll();
            capacity(sizes.capacityRows());
        }
        print();
    }

    private void rows1to3(int rows) throws Exception {
        // The sandbox forgets the warm-up's entities (and its tokens: a few rows renew Ferry's), so that the rounds
        // below and the later rows meet the sandbox as large as without the warm-up.
        post("/__sandbox/reset", "{}");
        dropAndWait("cor-clients", "token.csv", writeClients("token.csv", "TOKEN", 10));

        // (1b) The JDK HttpClient loop: the same payloads, same concurrency, same sandbox, after 5,000 other posts.
        ceiling("CEILW-", Math.min(rows, 5_000));
        Cpu cpu = new Cpu();
        double jdk = ceiling("CEIL-", rows);
        cpu.print("(1b)", rows, "client (this JVM)", cpu.selfUsed());

        // (1) The native ceiling and (2) Ferry's first run, in ROUNDS alternating rounds, each of new clients: the
        // machine's speed drifts by up to a third within minutes, and the ratio of the two is the target. Their
        // medians are compared. wrk first warms up on a smaller run of its own. (1) is NaN when wrk is missing: (2) is
        // then compared with (1b).
        boolean wrk = wrkAvailable();
        if (wrk) {
            nativeCeiling(new Cpu(), "NATW-", Math.min(rows, 5_000), null);
        }
        double[] natives = new double[ROUNDS];
        double[] firsts = new double[ROUNDS];
        long[] calls = new long[ROUNDS];
        Path file = null;
        for (int round = 1; round <= ROUNDS; round++) {
            natives[round - 1] = wrk
                    ? nativeCeiling(new Cpu(), "NAT" + round + "-", rows, "(1) round " + round) : Double.NaN;
            file = writeClients("clients-" + round + ".csv", "C" + round, rows);
            long callsBefore = corCalls();
            cpu = new Cpu();
            firsts[round - 1] = rows / dropAndWait("cor-clients", "clients-" + round + ".csv", file);
            cpu.print("(2) round " + round, rows, null, null);
            calls[round - 1] = corCalls() - callsBefore;
            System.out.printf(Locale.ROOT, "  round %d: (1) %s, (2) %s%n", round, rate(natives[round - 1]),
                    rate(firsts[round - 1]));
        }
        double nativeCeiling = median(natives);
        if (wrk) {
            row("1", "native ceiling: wrk POST, " + fmt(rows) + " clients, concurrency " + concurrency
                    + ", median of " + ROUNDS + " rounds (" + rates(natives) + ")", rate(nativeCeiling),
                    "the reference of (2)", "reference");
        } else {
            row("1", "native ceiling: wrk POST, " + fmt(rows) + " clients, concurrency " + concurrency,
                    "-", "wrk is not installed (bench/run.sh installs it)", "skipped (no wrk)");
        }
        row("1b", "JDK HttpClient loop: POST, " + fmt(rows) + " clients, concurrency " + concurrency, rate(jdk),
                wrk ? String.format(Locale.ROOT, "%.2f x (1)", jdk / nativeCeiling)
                        : "the reference of (2) without wrk", "reference");
        double reference = wrk ? nativeCeiling : jdk;
        String referenceRow = wrk ? "(1)" : "(1b)";
        double first = median(firsts);
        double ratio = first / reference;
        String callsText = Arrays.stream(calls).distinct().count() == 1 ? fmt(calls[0]) + " API calls each"
                : Arrays.stream(calls).mapToObj(Benchmark::fmt).collect(Collectors.joining(", ")) + " API calls";
        row("2", "Ferry cor-clients, " + fmt(rows) + " rows, first run (" + callsText + "), median of " + ROUNDS
                + " rounds (" + rates(firsts) + ")", rate(first),
                String.format(Locale.ROOT, "%.2f x %s, target >= 0.5", ratio, referenceRow), ratio >= 0.5);

        // (3) The last round's rows again: all unchanged.
        long callsBefore = corCalls();
        cpu = new Cpu();
        double again = rows / dropAndWait("cor-clients", "clients-again.csv", file);
        cpu.print("(3)", rows, null, null);
        long againCalls = corCalls() - callsBefore;
        row("3", "same rows again, all unchanged: API calls " + againCalls + " (target 0)", rate(again),
                String.format(Locale.ROOT, "%.1f x (2), target >= 20", again / first),
                again / first >= 20 && againCalls == 0);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String rates(double[] values) {
        return Arrays.stream(values).mapToObj(Benchmark::rate).collect(Collectors.joining(", "));
    }

    /**
     * Ferry's warm-up: rounds of {@code rows} new clients created, then the same rows re-sent twice (all unchanged),
     * until a round in which Ferry's JIT compilers used less than {@link #QUIET_JIT} of its CPU both while creating
     * and in the last re-send, at most {@code maxRounds} rounds. A fixed warm-up left the measurement to chance on a
     * machine of 2 cores, where the compiler thread competes with Ferry's own: after 100,000 creates, C2 compiled for
     * the unchanged path through its first three re-sends (about half of Ferry's CPU in the first two), and a create
     * after unchanged re-sends recompiles shared methods (the id map's H2 calls among them) that the re-sends had
     * compiled for themselves. A round's create follows the previous round's re-sends, as (2) follows the last
     * round's, so a quiet round means both (2) and (3) run compiled code. Where the shares cannot be read (no /proc),
     * all rounds run.
     */
    private void warmUp(int rows, int maxRounds) throws Exception {
        ProcessHandle ferryHandle = ferry.toHandle();
        for (int round = 1; round <= maxRounds; round++) {
            String name = "warmup-" + round;
            Path file = writeClients(name + ".csv", "WARM" + round, rows);
            Threads before = Threads.of(ferryHandle);
            dropAndWait("cor-clients", name + ".csv", file);
            double creating = Threads.of(ferryHandle).jitShareSince(before);
            double again = Double.NaN;
            for (int pass = 1; pass <= 2; pass++) {
                before = Threads.of(ferryHandle);
                dropAndWait("cor-clients", name + "-again-" + pass + ".csv", file);
                again = Threads.of(ferryHandle).jitShareSince(before);
            }
            // NaN (shares unknown) compares false: never quiet.
            boolean quiet = creating < QUIET_JIT && again < QUIET_JIT;
            System.out.printf(Locale.ROOT, "  warm-up round %d: Ferry's JIT compilers used %.0f%% of its CPU creating,"
                    + " %.0f%% in the last unchanged re-send%s%n", round, 100 * creating, 100 * again,
                    quiet ? ": warm" : round == maxRounds ? ": still compiling, measuring anyway" : "");
            if (quiet) {
                return;
            }
        }
    }

    private void complyCube(int complycubeRows) throws Exception {
        // (6) ComplyCube at its 10/s limit: new clients, 3 calls each (2 lookups + create).
        long ccBefore = complyCubeCalls();
        long c429Before = complyCube429s();
        long t0 = System.nanoTime();
        dropAndWait("complycube-clients", "cc.csv", writeComplyCube("cc.csv", complycubeRows));
        double ccSeconds = (System.nanoTime() - t0) / 1e9;
        long ccCalls = complyCubeCalls() - ccBefore;
        long c429 = complyCube429s() - c429Before;
        double perSecond = ccCalls / ccSeconds;
        row("6", "ComplyCube limited to 10/s: " + ccCalls + " calls, 429s: " + c429 + " (target 0)",
                String.format(Locale.ROOT, "%.2f calls/s", perSecond), "target >= 9.5/s and 0 x 429",
                perSecond >= 9.5 && c429 == 0);
    }

    private void latency(int latencyRows) throws Exception {
        // (4) 50 ms latency on every COR call.
        post("/__sandbox/faults/cor", "{\"latency-ms\":50}");
        double slow = latencyRows / dropAndWait("cor-clients", "slow.csv", writeClients("slow.csv", "L", latencyRows));
        post("/__sandbox/faults/cor", "{}");
        double ideal = concurrency / 0.050;
        row("4", "50 ms latency, " + fmt(latencyRows) + " rows; concurrency/latency = " + rate(ideal), rate(slow),
                String.format(Locale.ROOT, "%.2f x ideal, target >= 0.9", slow / ideal), slow / ideal >= 0.9);
    }

    private void big(int bigRows) throws Exception {
        // (5) A million rows with -Xmx256m: dropAndWait fails if Ferry dies (out of memory) on the way.
        Path big = writeClients("big.csv", "B", bigRows);
        long gcLinesBefore = Files.readAllLines(gcLog).size();
        double bigRate = bigRows / dropAndWait("cor-clients", "big.csv", big);
        long[] heap = heapMb(gcLog, gcLinesBefore);
        row("5", fmt(bigRows) + " rows with -Xmx256m: completed, heap peak " + heap[0] + " MB, largest live set (after"
                + " a mixed or full GC) " + heap[1] + " MB (GC log)", rate(bigRate),
                "target: completes under 256 MB", heap[0] <= 256);
    }

    // ---- (7) and (8): capacity and the adaptive concurrency limit ------------------------------------------------

    /**
     * Rows (7), (8) and (7b) against a sandbox whose COR serves at most {@value #CAPACITY} requests at once (429 with
     * Retry-After: 1 above) with {@value #CAPACITY_LATENCY_MS} ms latency, so at most capacity ÷ latency records/s:
     * a Ferry with the adaptive limit runs (7) and then (8), where the capacity drops to {@value #DROPPED_CAPACITY}
     * when half the records are done; a Ferry with fixed concurrency 8 runs (7b). All three are skipped when the
     * sandbox does not take the capacity settings or its admin endpoint.
     */
    private void capacity(int rows) throws Exception {
        try {
            startSandbox("sandbox-capacity", List.of("sandbox.cor.capacity=" + CAPACITY,
                    "sandbox.capacity-overflow=reject"));
        } catch (IllegalStateException e) {
            System.out.println("  the sandbox does not take the capacity settings: " + e.getMessage());
            skipCapacityRows(rows);
            return;
        }
        int answer = post("/__sandbox/capacity", capacityJson(CAPACITY));
        if (answer != 200) {
            System.out.println("  POST /__sandbox/capacity answered " + answer);
            skipCapacityRows(rows);
            return;
        }
        post("/__sandbox/faults/cor", "{\"latency-ms\":" + CAPACITY_LATENCY_MS + "}");
        double ideal = CAPACITY * 1000.0 / CAPACITY_LATENCY_MS;

        startFerry("ferry-adaptive", work.resolve("adaptive"), Map.of("cor.concurrency.mode", "adaptive",
                "ferry.delivery.concurrency", ""));
        capacityWarmUp(rows, ideal);
        capacityRun("7", "adaptive, " + CAPACITY_LATENCY_MS + " ms latency, capacity " + CAPACITY, "A", rows, ideal,
                true);
        capacityDrop(rows);
        stopFerry();

        startFerry("ferry-fixed", work.resolve("fixed"), Map.of("cor.concurrency.mode", "fixed",
                "ferry.delivery.concurrency", "8"));
        post("/__sandbox/capacity", capacityJson(CAPACITY));
        capacityRun("7b", "fixed concurrency 8, " + CAPACITY_LATENCY_MS + " ms latency, capacity " + CAPACITY, "F",
                rows, ideal, false);
    }

    /**
     * The adaptive Ferry is measured warm, as (2) and (3) are: a first file of {@value #CAPACITY_WARMUP_ROWS} new
     * clients (fewer when the rows are fewer) against the same sandbox, so that its JIT compiler no longer competes for
     * the cores and its limit has met the capacity once, as in a Ferry that has been running. That file's rate is
     * printed: it is the cold figure.
     */
    private void capacityWarmUp(int rows, double ideal) throws Exception {
        int warmRows = Math.min(rows, CAPACITY_WARMUP_ROWS);
        double seconds = dropAndWait("cor-clients", "capacity-warm-up.csv",
                writeClients("capacity-warm-up.csv", "W7", warmRows));
        System.out.printf(Locale.ROOT, "  (7) warm-up: %s new clients on the cold adaptive Ferry at %s (%.2f x %s)%n",
                fmt(warmRows), rate(warmRows / seconds), warmRows / seconds / ideal, rate(ideal));
    }

    private void skipCapacityRows(int rows) {
        row("7", "adaptive, " + CAPACITY_LATENCY_MS + " ms latency, capacity " + CAPACITY + ", " + fmt(rows) + " rows",
                "-", "target >= 0.85 x " + CAPACITY * 1000 / CAPACITY_LATENCY_MS + " records/s", NO_CAPACITY_MODEL);
        row("7b", "fixed concurrency 8, " + CAPACITY_LATENCY_MS + " ms latency, capacity " + CAPACITY + ", "
                + fmt(rows) + " rows", "-", "for comparison with (7)", NO_CAPACITY_MODEL);
        row("8", "adaptive, capacity " + CAPACITY + " -> " + DROPPED_CAPACITY + " mid-run, " + fmt(rows) + " rows", "-",
                "target: limit follows within 10 s", NO_CAPACITY_MODEL);
    }

    private void capacityRun(String n, String what, String prefix, int rows, double ideal, boolean target)
            throws Exception {
        Path file = writeClients("capacity-" + n + ".csv", prefix + n, rows);
        FerryCounts before = ferryCounts();
        long sandbox429Before = sandboxCapacity429s();
        double seconds = dropAndWait("cor-clients", "capacity-" + n + ".csv", file);
        FerryCounts after = ferryCounts();
        long failed = after.notDone() - before.notDone();
        long calls = after.calls() - before.calls();
        long answered429 = Math.max(after.answered429() - before.answered429(), sandboxCapacity429s()
                - sandbox429Before);
        double perSecond = rows / seconds;
        double share429 = calls == 0 ? 0 : (double) answered429 / calls;
        System.out.printf(Locale.ROOT, "  (%s) %d COR calls, %d answered 429, %d records not created; Ferry's COR"
                + " concurrency limit at the end: %s%n", n, calls, answered429, failed, limitText(after.limit()));
        String measured = String.format(Locale.ROOT, "%s, %s rows: %d failed records, %.1f%% of %s calls answered"
                + " 429", what, fmt(rows), failed, 100 * share429, fmt(calls));
        if (target) {
            row(n, measured, rate(perSecond), String.format(Locale.ROOT, "%.2f x %s (capacity/latency), target"
                    + " >= 0.85, 0 failed, <= 1%% 429", perSecond / ideal, rate(ideal)),
                    perSecond >= 0.85 * ideal && failed == 0 && share429 <= 0.01);
        } else {
            row(n, measured, rate(perSecond), String.format(Locale.ROOT, "%.2f x %s; for comparison with (7)",
                    perSecond / ideal, rate(ideal)), "for comparison");
        }
    }

    /**
     * Row (8): new clients at capacity {@value #CAPACITY}; when half the records are done, the capacity drops to
     * {@value #DROPPED_CAPACITY} through the sandbox's admin endpoint, and Ferry's COR concurrency limit (its
     * ferry_vendor_concurrency_limit gauge, polled) must be at or below it within {@value #FOLLOW_SECONDS} s, with no
     * failed record and the file finished.
     */
    private void capacityDrop(int rows) throws Exception {
        post("/__sandbox/capacity", capacityJson(CAPACITY));
        String name = "capacity-8.csv";
        Path file = writeClients(name, "D8", rows);
        FerryCounts before = ferryCounts();
        long sandbox429Before = sandboxCapacity429s();
        Path done = inbox("cor-clients").resolve(".done");
        int copies = io.ferry.testing.FerryUnderTest.keptCopies(done, name).size();
        long t0 = drop("cor-clients", name, file);
        long droppedAt = 0;
        double follow = Double.NaN;
        double limitAtDrop = Double.NaN;
        double lowest = Double.NaN;
        while (io.ferry.testing.FerryUnderTest.keptCopies(done, name).size() == copies) {
            checkAlive();
            FerryCounts now = ferryCounts();
            if (!Double.isNaN(now.limit())) {
                lowest = Double.isNaN(lowest) ? now.limit() : Math.min(lowest, now.limit());
            }
            if (droppedAt == 0 && now.finished() - before.finished() >= rows / 2) {
                post("/__sandbox/capacity", capacityJson(DROPPED_CAPACITY));
                droppedAt = System.nanoTime();
                limitAtDrop = now.limit();
                lowest = Double.NaN;
                System.out.printf(Locale.ROOT, "  (8) capacity %d -> %d after %d records, %.1f s in; Ferry's limit"
                        + " %s%n", CAPACITY, DROPPED_CAPACITY, now.finished() - before.finished(),
                        (droppedAt - t0) / 1e9, limitText(limitAtDrop));
            } else if (droppedAt != 0 && Double.isNaN(follow) && now.limit() <= DROPPED_CAPACITY) {
                follow = (System.nanoTime() - droppedAt) / 1e9;
                System.out.printf(Locale.ROOT, "  (8) Ferry's limit %s after %.1f s%n", limitText(now.limit()), follow);
            }
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        FerryCounts after = ferryCounts();
        long failed = after.notDone() - before.notDone();
        long calls = after.calls() - before.calls();
        long answered429 = Math.max(after.answered429() - before.answered429(), sandboxCapacity429s()
                - sandbox429Before);
        post("/__sandbox/capacity", capacityJson(CAPACITY));
        String followText;
        if (droppedAt == 0) {
            followText = "the file finished before half its records were counted (no ferry_records_total?)";
        } else if (Double.isNaN(after.limit()) && Double.isNaN(limitAtDrop)) {
            followText = "Ferry shows no COR concurrency limit (no ferry_vendor_concurrency_limit)";
        } else if (Double.isNaN(follow)) {
            followText = "the limit did not come down to " + DROPPED_CAPACITY + " before the file finished (lowest "
                    + limitText(lowest) + ")";
        } else {
            followText = String.format(Locale.ROOT, "limit %s -> <= %d in %.1f s", limitText(limitAtDrop),
                    DROPPED_CAPACITY, follow);
        }
        System.out.printf(Locale.ROOT, "  (8) %s; %d COR calls, %d answered 429, %d records not created%n", followText,
                calls, answered429, failed);
        row("8", String.format(Locale.ROOT, "adaptive, capacity %d -> %d mid-run, %s rows: %s; %d failed records,"
                + " %d x 429", CAPACITY, DROPPED_CAPACITY, fmt(rows), followText, failed, answered429),
                rate(rows / seconds), "target: limit follows within 10 s, 0 failed, finishes",
                !Double.isNaN(follow) && follow <= FOLLOW_SECONDS && failed == 0);
    }

    private static String capacityJson(int capacity) {
        return "{\"api\":\"cor\",\"capacity\":" + capacity + "}";
    }

    private static String limitText(double limit) {
        return Double.isNaN(limit) ? "unknown" : String.format(Locale.ROOT, "%.0f", limit);
    }

    /**
     * Counts from Ferry's Prometheus metrics: COR client records by outcome (finished: all; notDone: those neither
     * created, updated nor unchanged), COR calls and their 429 answers as Ferry saw them, and its COR concurrency
     * limit (NaN without the gauge).
     */
    record FerryCounts(long finished, long notDone, long calls, long answered429, double limit) {
    }

    private FerryCounts ferryCounts() throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ferryPort
                + "/observe/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Pattern line = Pattern.compile("^(\\w+)\\{([^}]*)\\}\\s+(\\S+)", Pattern.MULTILINE);
        Pattern label = Pattern.compile("(\\w+)=\"([^\"]*)\"");
        long finished = 0;
        long notDone = 0;
        long calls = 0;
        long answered429 = 0;
        double limit = Double.NaN;
        Matcher m = line.matcher(text);
        while (m.find()) {
            Map<String, String> labels = new HashMap<>();
            Matcher l = label.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            double value = Double.parseDouble(m.group(3));
            boolean cor = "cor".equalsIgnoreCase(labels.get("vendor"));
            switch (m.group(1)) {
                case "ferry_records_total" -> {
                    if ("cor-clients".equals(labels.get("target"))) {
                        finished += (long) value;
                        if (!List.of("created", "updated", "unchanged").contains(labels.get("outcome"))) {
                            notDone += (long) value;
                        }
                    }
                }
                case "ferry_vendor_calls_seconds_count" -> {
                    if (cor) {
                        calls += (long) value;
                        answered429 += "429".equals(labels.get("status")) ? (long) value : 0;
                    }
                }
                case "ferry_vendor_concurrency_limit" -> limit = cor ? value : limit;
                default -> {
                }
            }
        }
        return new FerryCounts(finished, notDone, calls, answered429, limit);
    }

    // ---- CPU -----------------------------------------------------------------------------------------------------

    /** CPU time the processes used from its creation on: where a run's work goes, per record. */
    private final class Cpu {
        private final Duration sandboxCpu = cpu(sandbox.toHandle());
        private final Duration ferryCpu = cpu(ferry.toHandle());
        private final Threads ferryThreads = Threads.of(ferry.toHandle());
        private final Duration self = cpu(ProcessHandle.current());

        /** The CPU this JVM (the benchmark, and the JDK loop's client) used since. */
        Duration selfUsed() {
            return cpu(ProcessHandle.current()).minus(self);
        }

        /** Prints Ferry's and the sandbox's CPU per record since, and the client's when there is one. */
        void print(String part, int rows, String client, Duration clientCpu) {
            Threads now = Threads.of(ferry.toHandle());
            String shares = now.all() - ferryThreads.all() <= 0 || client != null ? "" : String.format(Locale.ROOT,
                    " (JIT compilers %.0f%%, GC %.0f%%)", 100 * now.jitShareSince(ferryThreads),
                    100 * now.gcShareSince(ferryThreads));
            String clientText = client == null ? "" : String.format(Locale.ROOT, "%s %.0f us, ", client,
                    clientCpu.toNanos() / 1e3 / rows);
            System.out.printf(Locale.ROOT, "  %s CPU per record: %sFerry %.0f us%s, sandbox %.0f us%n", part,
                    clientText, (cpu(ferry.toHandle()).minus(ferryCpu).toNanos() / 1e3) / rows, shares,
                    (cpu(sandbox.toHandle()).minus(sandboxCpu).toNanos() / 1e3) / rows);
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


    // ---- (1) native ceiling --------------------------------------------------------------------------------------

    private static boolean wrkAvailable() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * Posts {@code rows} new COR clients with wrk ({@code bench/cor-clients.lua}): the JDK loop's payloads, byte for
     * byte (the script fills a template, checked here against the mapper), at the same concurrency to the same
     * endpoint with the same token. wrk's main thread runs until -d or SIGINT, so the script prints a line when each
     * of its threads has its share answered, and this method then stops wrk with SIGINT. The time runs from wrk's
     * start to the last of those lines; wrk's own CPU is read just before the SIGINT.
     *
     * @return created records per second
     */
    private double nativeCeiling(Cpu cpu, String prefix, int rows, String part) throws Exception {
        String token = corToken();
        CorClientMapper mapper = new CorClientMapper(new CorSources("SALESFORCE"));
        String template = new String(payload(mapper, prefix, Long.parseLong(MARKER)), StandardCharsets.UTF_8);
        for (long i : new long[] {0, 1, rows / 2, rows - 1}) {
            String filled = template.replace(MARKER, Long.toString(i));
            if (!filled.equals(new String(payload(mapper, prefix, i), StandardCharsets.UTF_8))) {
                throw new IllegalStateException("the wrk payload template does not give the mapper's payload of " + i);
            }
        }
        Path templateFile = Files.createDirectories(work.resolve("files")).resolve("wrk-" + prefix + "template.json");
        Files.writeString(templateFile, template);
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), concurrency);
        while (concurrency % threads != 0) {
            threads--;
        }
        threads = Math.min(threads, rows);
        String script = System.getProperty("ferry.bench.wrk-script", "bench/cor-clients.lua");
        List<String> command = List.of("wrk", "-t", Integer.toString(threads), "-c", Integer.toString(concurrency),
                "-d", "3600s", "--timeout", "30s", "-s", script, sandboxUrl + "/cor/v2/integrations/clients", "--",
                templateFile.toString(), MARKER, token, Integer.toString(rows), Integer.toString(threads));
        long callsBefore = corCalls();
        Path log = work.resolve("wrk-" + prefix + "log");
        long t0 = System.nanoTime();
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        CountDownLatch threadsDone = new CountDownLatch(threads);
        AtomicLong lastDone = new AtomicLong();
        AtomicReference<String> summary = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(wrk.getInputStream(),
                    StandardCharsets.UTF_8)); BufferedWriter out = Files.newBufferedWriter(log)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("ferry-bench thread done")) {
                        lastDone.set(System.nanoTime());
                        threadsDone.countDown();
                    } else if (line.startsWith("ferry-bench ")) {
                        summary.set(line);
                    }
                    out.write(line);
                    out.newLine();
                }
            } catch (IOException e) {
                // wrk ended: what it printed is in the log.
            }
        }, "wrk-output");
        reader.start();
        // At 100 records/s at least; a lost connection leaves a thread short of its share.
        long deadline = System.nanoTime() + Duration.ofSeconds(60 + rows / 100).toNanos();
        while (!threadsDone.await(100, TimeUnit.MILLISECONDS)) {
            checkAlive();
            if (!wrk.isAlive() || System.nanoTime() > deadline) {
                break;
            }
        }
        boolean complete = threadsDone.getCount() == 0;
        long t1 = complete ? lastDone.get() : System.nanoTime();
        Duration wrkCpu = wrk.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
        if (part != null) {
            cpu.print(part, rows, "wrk", wrkCpu);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).inheritIO().start().waitFor();
        if (!wrk.waitFor(30, TimeUnit.SECONDS)) {
            wrk.destroyForcibly();
        }
        reader.join(5_000);
        long created = corCalls() - callsBefore;
        String line = summary.get();
        if (!complete || line == null || !line.contains("created=" + rows + " failed=0 ")) {
            System.out.println("  wrk (" + prefix + "): " + (complete ? "" : "did not finish; ") + (line == null
                    ? "no summary" : line) + "; the sandbox counted " + created + " COR calls; see " + log);
        }
        return (line == null ? created : Long.parseLong(field(line, "created"))) / ((t1 - t0) / 1e9);
    }

    private static String field(String line, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\S+)").matcher(line);
        return m.find() ? m.group(1) : "0";
    }

    private static byte[] payload(CorClientMapper mapper, String prefix, long i) {
        ObjectNode fields = JSON.createObjectNode().put("id", prefix + i).put("name", "Client " + i);
        return mapper.createRequest(Record.of(Targets.COR_CLIENTS, Source.file("ceiling", i + 1), prefix + i, fields))
                .bodyBytes();
    }

    // ---- (1b) JDK HttpClient loop --------------------------------------------------------------------------------

    private double ceiling(String prefix, int rows) throws Exception {
        String token = corToken();
        CorClientMapper mapper = new CorClientMapper(new CorSources("SALESFORCE"));
        List<byte[]> payloads = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            payloads.add(payload(mapper, prefix, i));
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

    private Path inbox(String target) throws IOException {
        return Files.createDirectories(ferryDir.resolve("inbox").resolve(target));
    }

    /** Moves the file into the inbox at once and waits for it in .done/: seconds from appearance to last report row. */
    private double dropAndWait(String target, String name, Path file) throws Exception {
        Path done = inbox(target).resolve(".done");
        int before = io.ferry.testing.FerryUnderTest.keptCopies(done, name).size();
        long t0 = drop(target, name, file);
        // Each run keeps its file as .done/<day>/<file>.<run id>.
        while (io.ferry.testing.FerryUnderTest.keptCopies(done, name).size() == before) {
            Thread.sleep(5);
            checkAlive();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "  %s: %.1f s%n", name, seconds);
        return seconds;
    }

    /** Moves the file into the inbox at once: the System.nanoTime() of its appearance. */
    private long drop(String target, String name, Path file) throws IOException {
        Path inbox = inbox(target);
        Path staged = inbox.resolve(name + ".part");
        Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
        long t0 = System.nanoTime();
        Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        return t0;
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

    /**
     * The 429s COR answered for capacity, as the sandbox counts them: a number in its COR stats whose name mentions
     * capacity, or the operations' rejections by a code that does (whichever is larger; 0 when there is neither).
     * Rows (7) and (8) take the larger of this and the 429s Ferry saw.
     */
    private long sandboxCapacity429s() throws Exception {
        JsonNode cor = stats().path("cor");
        long top = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = cor.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().toLowerCase(Locale.ROOT).contains("capacity") && field.getValue().isNumber()) {
                top += field.getValue().asLong();
            }
        }
        long byCode = 0;
        for (JsonNode op : cor.path("operations")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = op.path("rejections").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> code = it.next();
                if (code.getKey().toLowerCase(Locale.ROOT).contains("capacity")) {
                    byCode += code.getValue().asLong();
                }
            }
        }
        return Math.max(top, byCode);
    }

    /** POSTs JSON to the sandbox: the status of its answer. */
    private int post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sandboxUrl + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
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

    /** Starts a sandbox with these settings on top of the benchmark's; it becomes the one Ferry and the rows use. */
    private void startSandbox(String name, List<String> settings) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx2g", "-cp", jar.toString(),
                "io.ferry.sandbox.SandboxMain", "--port", Integer.toString(port),
                "--set", "sandbox.threads=" + Math.max(16, concurrency * 2), "--set", "sandbox.journal-size=1000"));
        for (String setting : settings) {
            command.add("--set");
            command.add(setting);
        }
        sandbox = start(name, command, "Sandbox listening on");
        sandboxUrl = "http://127.0.0.1:" + port;
    }

    /**
     * Starts a Ferry against the current sandbox, keeping its data, inbox and reports below {@code dir}; the given
     * settings go on top of the benchmark's (an empty value removes one), FERRY_SETTINGS on top of those.
     */
    private void startFerry(String name, Path dir, Map<String, String> overrides) throws Exception {
        ferryDir = Files.createDirectories(dir);
        gcLog = dir.resolve(name + "-gc.log");
        ferryPort = freePort();
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-Xlog:gc:file=" + gcLog));
        // FERRY_JAVA_OPTS: extra JVM options of Ferry, e.g. -XX:StartFlightRecording=filename=ferry.jfr to profile.
        String opts = System.getenv("FERRY_JAVA_OPTS");
        if (opts != null && !opts.isBlank()) {
            command.addAll(List.of(opts.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", jar.toString(), "io.ferry.FerryMain"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ferry.data.dir", dir.resolve("data").toString());
        settings.put("ferry.inbox.dir", dir.resolve("inbox").toString());
        settings.put("ferry.reports.dir", dir.resolve("reports").toString());
        settings.put("ferry.broker.acceptor", "tcp://127.0.0.1:" + freePort());
        settings.put("camel.server.port", Integer.toString(ferryPort));
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
        overrides.forEach((k, v) -> {
            if (v.isEmpty()) {
                settings.remove(k);
            } else {
                settings.put(k, v);
            }
        });
        // FERRY_SETTINGS: extra settings of Ferry, "key=value" separated by spaces, e.g. to try another store URL.
        String extra = System.getenv("FERRY_SETTINGS");
        if (extra != null && !extra.isBlank()) {
            for (String pair : extra.trim().split("\\s+")) {
                settings.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        settings.forEach((k, v) -> {
            command.add("--set");
            command.add(k + "=" + v);
        });
        ferry = start(name, command, "Apache Camel .* started");
    }

    private Process start(String name, List<String> command, String readyPattern) throws Exception {
        Path log = work.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Pattern ready = Pattern.compile(readyPattern);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            if (Files.exists(log) && ready.matcher(Files.readString(log)).find()) {
                processes.add(process);
                return process;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start in 2 minutes; see " + log);
    }

    private void checkAlive() {
        for (Process p : processes) {
            if (!p.isAlive()) {
                throw new IllegalStateException("a benchmark process died; see " + work);
            }
        }
    }

    private void stopFerry() throws InterruptedException {
        stop(ferry);
    }

    private void stop(Process process) throws InterruptedException {
        processes.remove(process);
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void stopAll() throws InterruptedException {
        for (Process p : new ArrayList<>(processes)) {
            stop(p);
        }
    }

    private void row(String n, String what, String value, String target, boolean met) {
        row(n, what, value, target, met ? "met" : "missed");
    }

    private void row(String n, String what, String value, String target, String status) {
        table.add(new String[] {n, what, value, target, status});
        System.out.println("  (" + n + ") " + what + ": " + value + "; " + target + ": " + status);
    }

    private void print() {
        System.out.println();
        System.out.println(sizes.describe());
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores; Ferry -Xmx256m, "
                + "concurrency " + concurrency + "; sandbox in its own JVM");
        System.out.println();
        System.out.println("| # | measurement | result | vs target | |");
        System.out.println("|---|---|---|---|---|");
        // By row number (1, 1b, 2, ...), whatever order they ran in.
        table.sort(Comparator.comparingInt((String[] r) -> Integer.parseInt(r[0].replaceAll("\\D", "")))
                .thenComparing(r -> r[0]));
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
