package io.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests, started from the distribution's server binaries in a temporary directory,
 * listening on a free loopback port only. One per JVM ({@link #shared()}), stopped when the JVM exits; each test takes
 * a fresh database of its own ({@link #createDatabase}). Also runnable on its own ({@link #main}) for tests that start
 * Ferry in other JVMs.
 */
public final class PostgresServer {

    /** How a test connects to one database of the cluster. */
    public record Database(String url, String user, String password) {
    }

    private static final Path DISTRIBUTION = Path.of("/usr/lib/postgresql");
    private static final String DIR_PREFIX = "ferry-pg-";
    private static final String SUPERUSER = "ferry";
    private static PostgresServer shared;

    private final Path dir;
    private final Path bin;
    private final int port;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin) throws IOException {
        this.bin = bin;
        this.password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        stopLeftovers();
        this.dir = Files.createTempDirectory(DIR_PREFIX);
        Files.writeString(dir.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
        Files.createDirectories(dir.resolve("socket"));
        Files.writeString(dir.resolve("pwfile"), password + "\n");
        if (asRoot()) {
            // PostgreSQL refuses to run as root: the cluster belongs to the postgres OS user.
            giveToPostgres(dir);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", SUPERUSER,
                "--pwfile=" + dir.resolve("pwfile"), "--auth-host=scram-sha-256", "--auth-local=trust",
                "-E", "UTF8", "--locale=C", "--no-sync"), "initdb");
        Files.delete(dir.resolve("pwfile"));
        this.port = freePort();
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir.resolve("socket")
                        + " -c max_connections=300", "start"), "pg_ctl start");
    }

    /** The JVM's cluster, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            PostgresServer server;
            try {
                server = new PostgresServer(binaries());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start PostgreSQL for the tests", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
            shared = server;
        }
        return shared;
    }

    /** A new, empty database in the shared cluster; its name starts with the given prefix. */
    public static Database newDatabase(String prefix) {
        return shared().createDatabase(prefix);
    }

    public Database createDatabase(String prefix) {
        String name = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return new Database(url(name), SUPERUSER, password);
    }

    public int port() {
        return port;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * Starts a cluster, prints one line "url user password" of a fresh database named after the first argument (else
     * "ferry") and keeps the cluster running until standard input closes.
     */
    public static void main(String[] args) throws IOException {
        Database db = newDatabase(args.length > 0 ? args[0] : "ferry");
        System.out.println(db.url() + " " + db.user() + " " + db.password());
        System.out.flush();
        while (System.in.read() >= 0) {
            // Runs until the parent closes our standard input (or kills us: the shutdown hook stops the cluster).
        }
    }

    private void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                    "stop"), "pg_ctl stop");
        } catch (RuntimeException e) {
            System.err.println("PostgreSQL test cluster did not stop cleanly: " + e.getMessage());
        }
        deleteTree(dir);
    }

    /** Clusters of test JVMs that were killed before their shutdown hook ran: stopped and removed. */
    private void stopLeftovers() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> candidates;
        try (Stream<Path> entries = Files.list(tmp)) {
            candidates = entries.filter(p -> p.getFileName().toString().startsWith(DIR_PREFIX)).toList();
        }
        for (Path old : candidates) {
            try {
                long owner = Long.parseLong(Files.readString(old.resolve("owner.pid")).trim());
                if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (Files.exists(old.resolve("data").resolve("postmaster.pid"))) {
                    run(List.of(bin.resolve("pg_ctl").toString(), "-D", old.resolve("data").toString(), "-m",
                            "immediate", "-w", "stop"), "pg_ctl stop (leftover)");
                }
                deleteTree(old);
            } catch (IOException | RuntimeException e) {
                // Not ours, or still being set up: leave it.
            }
        }
    }

    /** The server binaries of the highest PostgreSQL version installed. */
    private static Path binaries() {
        List<Path> versions = new ArrayList<>();
        if (Files.isDirectory(DISTRIBUTION)) {
            try (Stream<Path> entries = Files.list(DISTRIBUTION)) {
                entries.filter(p -> p.getFileName().toString().matches("\\d+"))
                        .filter(p -> Files.isExecutable(p.resolve("bin").resolve("initdb")))
                        .filter(p -> Files.isExecutable(p.resolve("bin").resolve("pg_ctl")))
                        .forEach(versions::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return versions.stream().max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
                .map(p -> p.resolve("bin"))
                .orElseThrow(() -> new IllegalStateException("No PostgreSQL server binaries under " + DISTRIBUTION
                        + "/<version>/bin (initdb, pg_ctl): the store tests need them. Run .ci/run, which installs the"
                        + " distribution's postgresql package when it is missing."));
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void giveToPostgres(Path root) throws IOException {
        UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(users.lookupPrincipalByName("postgres"));
                view.setGroup(group);
            }
        }
    }

    /** Runs a PostgreSQL tool (as the postgres user when we are root) and fails with its output when it fails. */
    private void run(List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Path output = Files.createTempFile("ferry-pg-tool", ".log");
            try {
                Process process = new ProcessBuilder(full).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(what + " did not finish within 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "): "
                            + Files.readString(output, StandardCharsets.UTF_8) + serverLog());
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + " could not be run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    private String serverLog() {
        try {
            Path log = dir == null ? null : dir.resolve("server.log");
            return log != null && Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> tree = Files.walk(root)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a temporary directory.
        }
    }
}
