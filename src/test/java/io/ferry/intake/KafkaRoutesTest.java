package io.ferry.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.Settings;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/** Kafka routes exist only with ferry.kafka.brokers set: one per target and mapped source, on its own topic. */
class KafkaRoutesTest {

    private static final List<String> TARGETS = List.of("cor-clients", "clemta-contacts");
    private static final List<String> SOURCES = List.of("salesforce-accounts");

    /** A context with the kafka-intake template and {@code properties}, started, with its Kafka routes added. */
    private static CamelContext started(Properties properties) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        context.getRegistry().bind("kafkaIntake", new KafkaIntake(null, null));
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "classpath:routes/kafka-intake.camel.yaml"));
        KafkaRoutes.addWhenConfigured(context, new Settings(context.getPropertiesComponent()), TARGETS, SOURCES);
        context.start();
        return context;
    }

    @Test
    void withoutBrokersNoKafkaRouteIsAdded() throws Exception {
        try (CamelContext context = started(new Properties())) {
            assertThat(context.getRoutes()).isEmpty();
            assertThat(context.hasComponent("kafka")).isNull();
        }
    }

    @Test
    void withBrokersEveryTargetAndSourceReadsItsTopicWithManualCommitsAfterTheOutcome() throws Exception {
        Properties properties = new Properties();
        // Nothing listens there: the consumers only try to connect.
        properties.setProperty("ferry.kafka.brokers", "127.0.0.1:9");
        properties.setProperty("ferry.kafka.topic.clemta-contacts", "erp.contacts");
        try (CamelContext context = started(properties)) {
            assertThat(context.getRoutes()).extracting(Route::getRouteId)
                    .containsExactlyInAnyOrder("kafka-cor-clients", "kafka-clemta-contacts", "kafka-salesforce-accounts");
            assertThat(context.getRoute("kafka-cor-clients").getEndpoint().getEndpointUri())
                    .startsWith("kafka://ferry.cor-clients?")
                    .contains("autoCommitEnable=false", "allowManualCommit=true", "breakOnFirstError=true",
                            "groupId=ferry", "autoOffsetReset=earliest");
            assertThat(context.getRoute("kafka-clemta-contacts").getEndpoint().getEndpointUri())
                    .startsWith("kafka://erp.contacts?");
            assertThat(context.getRoute("kafka-salesforce-accounts").getEndpoint().getEndpointUri())
                    .startsWith("kafka://ferry.salesforce-accounts?");
        }
    }
}
