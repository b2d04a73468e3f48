package io.ferry.intake;

import io.ferry.Settings;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds a route kafka-{name} per target and mapped source from the kafka-intake template (kafka-intake.camel.yaml), once
 * the templates are loaded. Registered only when Kafka is configured (ferry.kafka.brokers).
 */
public final class KafkaRoutes implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRoutes.class);

    private final Map<String, String> topics;

    /** @param topics the topic of each target or mapped source, by name */
    KafkaRoutes(Map<String, String> topics) {
        this.topics = Map.copyOf(topics);
    }

    /**
     * With ferry.kafka.brokers set, registers the routes of every target and mapped source; their topics are
     * {@code ferry.kafka.topic.<name>}, else {@code ferry.<name>}. Without brokers, nothing.
     */
    public static void addWhenConfigured(CamelContext context, Settings settings, Collection<String> targets,
                                         Collection<String> sources) throws Exception {
        if (settings.string("ferry.kafka.brokers", "").isEmpty()) {
            return;
        }
        Map<String, String> topics = new LinkedHashMap<>();
        for (String name : targets) {
            topics.put(name, settings.string("ferry.kafka.topic." + name, "ferry." + name));
        }
        for (String name : sources) {
            topics.put(name, settings.string("ferry.kafka.topic." + name, "ferry." + name));
        }
        context.addStartupListener(new KafkaRoutes(topics));
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // Nothing to do until every route is running; see onCamelContextFullyStarted.
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        topics.forEach((name, topic) -> {
            TemplatedRouteBuilder.builder(context, "kafka-intake").routeId("kafka-" + name)
                    .parameter("target", name).parameter("topic", topic).add();
            LOG.info("{}: records are read from Kafka topic {}", name, topic);
        });
    }
}
