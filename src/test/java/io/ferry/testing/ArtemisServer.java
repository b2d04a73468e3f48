package io.ferry.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone ActiveMQ Artemis broker in its own process, as users run one: the Artemis distribution (unpacked by
 * Maven into target/artemis, system property {@code ferry.test.artemis-home}), an instance made with
 * {@code bin/artemis create} (login required, loopback only, Ferry's address settings from
 * config/artemis/ferry-address-settings.xml pasted into its broker.xml) and run with {@code bin/artemis run}.
 */
public final class ArtemisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path instance;
    private final int port;
    private final String user;
    private final String password;
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    private ArtemisServer(Path instance, int port, String user, String password) {
        this.instance = instance;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** Creates a broker instance under dir (a new folder) and starts it. */
    public static ArtemisServer start(Path dir, String user, String password) throws Exception {
        Path home = Path.of(System.getProperty("ferry.test.artemis-home",
                "target/artemis/apache-artemis-unknown"));
        if (!Files.isExecutable(home.resolve("bin/artemis"))) {
            throw new IllegalStateException("No Artemis distribution at " + home + ": run the tests with Maven ("
                    + "mvn verify unpacks org.apache.activemq:apache-artemis:bin into target/artemis)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path instance = dir.resolve("broker");
        Files.createDirectories(dir);
        Path createLog = dir.resolve("artemis-create.log");
        Process create = new ProcessBuilder(home.resolve("bin/artemis").toString(), "create", "--silent", "--force",
                "--name", "ferry-test", "--user", user, "--password", password, "--require-login",
                "--host", "127.0.0.1", "--default-port", Integer.toString(port), "--no-web",
                "--no-amqp-acceptor", "--no-mqtt-acceptor", "--no-hornetq-acceptor", "--no-stomp-acceptor",
                "--nio", "--java-memory", "512M", instance.toString())
                .redirectErrorStream(true).redirectOutput(createLog.toFile()).start();
        if (!create.waitFor(120, TimeUnit.SECONDS) || create.exitValue() != 0) {
            create.destroyForcibly();
            throw new IllegalStateException("artemis create failed:\n" + Files.readString(createLog));
        }
        addFerryAddressSettings(instance.resolve("etc/broker.xml"));
        ArtemisServer server = new ArtemisServer(instance, port, user, password);
        server.run();
        return server;
    }

    private static void addFerryAddressSettings(Path brokerXml) throws IOException {
        String settings;
        try (InputStream in = ArtemisServer.class.getResourceAsStream("/artemis/ferry-address-settings.xml")) {
            settings = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String xml = Files.readString(brokerXml);
        String catchAll = "<address-setting match=\"#\">";
        int at = xml.indexOf(catchAll);
        if (at < 0) {
            throw new IllegalStateException("no catch-all address-setting in " + brokerXml);
        }
        Files.writeString(brokerXml, xml.substring(0, at) + settings + "\n" + xml.substring(at));
    }

    /** Starts the broker process (again, after {@link #close()}) and waits until it is active. */
    public void run() throws IOException {
        Path log = instance.getParent().resolve("artemis-" + (logs.size() + 1) + ".log");
        logs.add(log);
        process = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Artemis exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            // AMQ221007: "Server is now active".
            return Files.readString(log).contains("AMQ221007");
        });
    }

    /** The CORE URL clients use. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** What the broker logged since its last start. */
    public String log() throws IOException {
        return Files.readString(logs.get(logs.size() - 1));
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        process = null;
    }
}
