package io.ferry.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
     * A name for this process in the store's claims (create intents, file claims): host, process id and a random
     * part, new at every start, so that a restarted instance never takes a live claim of another for its own.
     */
    public static String newInstanceId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "host";
        }
        String id = host + "-" + ProcessHandle.current().pid() + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8);
        return id.length() <= 100 ? id : id.substring(id.length() - 100);
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
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the store schema: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
