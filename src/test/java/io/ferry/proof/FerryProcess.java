package io.ferry.proof;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Ferry in its own JVM, started as an operator would ({@code java -cp ... io.ferry.FerryMain --set key=value}), on
 * its own folders under {@code root}, with secrets in environment variables; its stdout and stderr go to one log file
 * per start. {@link #kill()} is SIGKILL: no shutdown hook, no flush, nothing Ferry can clean up.
 */
final class FerryProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path root;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<Path> logs = new ArrayList<>();
    private Process process;
    private int operatorPort;
    private int brokerPort;

    FerryProcess(Path root, Map<String, String> settings, Map<String, String> environment) {
        this.root = root;
        this.settings.put("ferry.data.dir", root.resolve("data").toString());
        this.settings.put("ferry.inbox.dir", root.resolve("inbox").toString());
        this.settings.put("ferry.reports.dir", root.resolve("reports").toString());
        this.settings.put("ferry.inbox.poll-delay", "50");
        this.settings.put("ferry.inbox.read-lock-min-age", "0");
        this.settings.put("ferry.inbox.read-lock-check-interval", "50");
        this.settings.put("cor.source", "SALESFORCE");
        this.settings.putAll(settings);
        this.environment.putAll(environment);
    }

    /** Replaces the environment variables of the next start (secrets, for instance). */
    FerryProcess environment(Map<String, String> variables) {
        environment.clear();
        environment.putAll(variables);
        return this;
    }

    /** Starts Ferry on fresh loopback ports and returns once its routes run (its operator interface answers). */
    FerryProcess start() throws IOException {
        operatorPort = freePort();
        brokerPort = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.ferry.FerryMain"));
        Map<String, String> all = new LinkedHashMap<>(settings);
        // Only the ports change: the hosts stay those of the shipped configuration.
        all.put("camel.server.port", Integer.toString(operatorPort));
        URI acceptor = URI.create(shippedSetting("ferry.broker.acceptor"));
        all.put("ferry.broker.acceptor", acceptor.getScheme() + "://" + acceptor.getHost() + ":" + brokerPort);
        all.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + value);
        });
        Path log = root.resolve("ferry-" + (logs.size() + 1) + ".log");
        logs.add(log);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).directory(root.toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Ferry exited with " + process.exitValue() + " while starting:\n"
                        + Files.readString(log));
            }
            return routesStarted(operatorPort);
        });
        return this;
    }

    /** A value of the shipped config/application.properties (on the test class path). */
    static String shippedSetting(String key) throws IOException {
        Properties shipped = new Properties();
        try (InputStream in = FerryProcess.class.getResourceAsStream("/ferry/application.properties")) {
            shipped.load(in);
        }
        return shipped.getProperty(key);
    }

    /** SIGKILL, then waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Ferry did not die after SIGKILL");
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    Path inbox(String target) {
        return root.resolve("inbox").resolve(target);
    }

    Path reports() {
        return root.resolve("reports");
    }

    Path dataDir() {
        return root.resolve("data");
    }

    /** The log file of every start so far. */
    List<Path> logs() {
        return List.copyOf(logs);
    }

    String operatorUrl() {
        return "http://127.0.0.1:" + operatorPort;
    }

    int operatorPort() {
        return operatorPort;
    }

    int brokerPort() {
        return brokerPort;
    }

    String brokerUrl() {
        return "tcp://127.0.0.1:" + brokerPort;
    }

    /**
     * Stops the process gently (SIGTERM: Camel's graceful shutdown), SIGKILL if that takes too long, and keeps a copy
     * of its logs under target/proof-logs/ for whoever reads a failure.
     */
    @Override
    public void close() throws InterruptedException, IOException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(45, TimeUnit.SECONDS)) {
                kill();
            }
        }
        Path kept = Path.of("target", "proof-logs", root.getFileName().toString());
        Files.createDirectories(kept);
        for (Path log : logs.stream().filter(Files::exists).toList()) {
            Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * The operator interface listens before Camel has started the routes (it answers 404 until then): Ferry is up when
     * an operator route answers, with or without an operator token.
     */
    private static boolean routesStarted(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        } catch (IOException e) {
            return false;
        }
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/vendors")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 || response.statusCode() == 401;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
