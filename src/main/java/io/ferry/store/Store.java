package io.ferry.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/** The JDBC store: a pooled DataSource (H2 file database by default, any JDBC URL) with Ferry's schema created. */
public final class Store implements AutoCloseable {

    private final HikariDataSource dataSource;

    public Store(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("ferry-store");
        this.dataSource = new HikariDataSource(config);
        try {
            createSchema();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /**
     * This instance's name in the store's claims (create intents, file claims). It must differ between instances that
     * share the store and stay the same across restarts of one instance: a restarted instance then recognises the
     * claims its killed predecessor left (interrupted creates, a half-read file) as its own and carries on at once,
     * instead of waiting for their lease as it must for another instance's. So: {@code ferry.instance.name} when set,
     * else an id made at the first start and kept in the instance's own data directory ({@code instance-id}).
     */
    public static String instanceId(String configuredName, Path dataDir) throws IOException {
        if (configuredName != null && !configuredName.isBlank()) {
            return configuredName.strip();
        }
        Path file = dataDir.resolve("instance-id");
        if (Files.exists(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "ferry";
        }
        String id = host.substring(0, Math.min(host.length(), 60)) + "-" + UUID.randomUUID().toString().substring(0, 13);
        Files.createDirectories(dataDir);
        Path tmp = Files.createTempFile(dataDir, "instance-id", ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs schema.sql: every statement is idempotent (CREATE ... IF NOT EXISTS) on H2 and PostgreSQL. */
    private void createSchema() {
        String sql;
        try (InputStream in = Store.class.getResourceAsStream("schema.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema.sql", e);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String ddl : sql.split(";")) {
                if (!ddl.isBlank()) {
                    statement.execute(ddl);
                }
            }
            moveCreateIntents(connection);
            moveEntityKinds(connection);
            // Fails at start, with what to change, when the store could not make a claim durable.
            DurabilityPolicy.check(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the store schema: " + e.getMessage(), e);
        }
    }

    /**
     * A store made before create intents moved into the id map's rows (schema.sql) has them in a table of their own:
     * they are moved, in one transaction, and the table dropped. An intent without owner or claim time (older still)
     * is moved as stale, to be taken over as it was before. Instances sharing a store are upgraded together: one of
     * the old version would not find the table any more. Should two new instances start together, the one that loses
     * the race finds the table gone.
     */
    private static void moveCreateIntents(Connection c) throws SQLException {
        if (!hasTable(c, "ferry_create_intent")) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE ferry_create_intent ADD COLUMN IF NOT EXISTS owner VARCHAR(100) NULL");
            s.execute("ALTER TABLE ferry_create_intent ADD COLUMN IF NOT EXISTS claimed_at TIMESTAMP NULL");
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            String stale = "COALESCE(i.claimed_at, TIMESTAMP '2000-01-01 00:00:00')";
            String same = " WHERE i.target = ferry_id_map.target AND i.external_id = ferry_id_map.external_id";
            s.executeUpdate("UPDATE ferry_id_map SET"
                    + " intent_owner = (SELECT i.owner FROM ferry_create_intent i" + same + "),"
                    + " intent_at = (SELECT " + stale + " FROM ferry_create_intent i" + same + ")"
                    + " WHERE EXISTS (SELECT 1 FROM ferry_create_intent i" + same + ")");
            s.executeUpdate("INSERT INTO ferry_id_map (target, external_id, intent_owner, intent_at)"
                    + " SELECT i.target, i.external_id, i.owner, " + stale + " FROM ferry_create_intent i"
                    + " WHERE NOT EXISTS (SELECT 1 FROM ferry_id_map m"
                    + " WHERE m.target = i.target AND m.external_id = i.external_id)");
            s.execute("DROP TABLE ferry_create_intent");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            if (hasTable(c, "ferry_create_intent")) {
                throw e;
            }
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * A store made before pinned values kept a ComplyCube client's type in a column of its own, entity_kind: moved into
     * pinned as {"type":...} (the only kind there was: person or company), in one transaction, and the column dropped.
     */
    private static void moveEntityKinds(Connection c) throws SQLException {
        if (!hasColumn(c, "ferry_id_map", "entity_kind")) {
            return;
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE ferry_id_map SET pinned = '{\"type\":\"' || entity_kind || '\"}'"
                    + " WHERE entity_kind IS NOT NULL AND pinned IS NULL");
            s.execute("ALTER TABLE ferry_id_map DROP COLUMN entity_kind");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            if (hasColumn(c, "ferry_id_map", "entity_kind")) {
                throw e;
            }
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String[] names : new String[][] {{table, column}, {table.toUpperCase(Locale.ROOT),
                column.toUpperCase(Locale.ROOT)}}) {
            try (ResultSet columns = meta.getColumns(null, c.getSchema(), names[0], names[1])) {
                if (columns.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The database is H2 (in this process or over TCP); the store's SQL differs from PostgreSQL's in a few places. */
    static boolean isH2(Connection c) throws SQLException {
        return "H2".equals(c.getMetaData().getDatabaseProductName());
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        // H2 keeps unquoted names in upper case, PostgreSQL in lower case. Only the schema Ferry's tables are in.
        for (String candidate : new String[] {name, name.toUpperCase(Locale.ROOT)}) {
            try (ResultSet tables = meta.getTables(null, c.getSchema(), candidate, new String[] {"TABLE"})) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
