package io.ferry.observe;

import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the JDBC store answers (the id map, hashes and idempotency live there). */
public final class StoreHealthCheck extends AbstractHealthCheck {

    private final DataSource dataSource;

    public StoreHealthCheck(DataSource dataSource) {
        super("ferry", "store");
        this.dataSource = dataSource;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(2)) {
                builder.up();
            } else {
                builder.message("the store connection is not valid").down();
            }
        } catch (Exception e) {
            builder.message("the store cannot be reached: " + e.getMessage()).down();
        }
    }
}
