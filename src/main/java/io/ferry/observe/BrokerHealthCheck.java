package io.ferry.observe;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the broker (embedded or external) accepts a connection; the queues and the dead letter live there. */
public final class BrokerHealthCheck extends AbstractHealthCheck {

    private final ConnectionFactory factory;

    public BrokerHealthCheck(ConnectionFactory factory) {
        super("ferry", "broker");
        this.factory = factory;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = factory.createConnection()) {
            connection.start();
            builder.up();
        } catch (Exception e) {
            builder.message("the broker cannot be reached: " + e.getMessage()).down();
        }
    }
}
