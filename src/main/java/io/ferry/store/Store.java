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
