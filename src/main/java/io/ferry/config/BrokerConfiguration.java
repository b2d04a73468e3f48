package io.ferry.config;

import io.ferry.FerryConfiguration;
import io.ferry.Settings;
import io.ferry.broker.EmbeddedBroker;
import io.ferry.deadletter.DeadLetterQueue;
import io.ferry.observe.BrokerHealthCheck;
import io.ferry.record.Targets;
import jakarta.jms.ConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The broker behind the jms component: embedded Artemis with a queue per target and the dead letter, unless
 * ferry.broker.url names an external one. The jms component is added to the context directly; the dead letter's
 * connection factory is bound as deadLetterConnectionFactory.
 */
public final class BrokerConfiguration implements CamelConfiguration {

    // Ferry's start-up lines keep one logger name whichever area writes them.
    private static final Logger LOG = LoggerFactory.getLogger(FerryConfiguration.class);

    private final Settings settings;
    private final Resources resources;
    private final Targets targets;
    private ConnectionFactory brokerFactory;

    public BrokerConfiguration(Settings settings, Resources resources, Targets targets) {
        this.settings = settings;
        this.resources = resources;
        this.targets = targets;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        String url = settings.string("ferry.broker.url", "");
        ActiveMQConnectionFactory factory;
        if (url.isEmpty()) {
            List<String> queues = new ArrayList<>(targets.names().stream().map(target -> "sync.in." + target).toList());
            queues.add(DeadLetterQueue.QUEUE);
            EmbeddedBroker broker = new EmbeddedBroker(settings.path("ferry.data.dir", "./data").resolve("broker"),
                    settings.integer("ferry.broker.vm-id", 0),
                    settings.string("ferry.broker.acceptor", "tcp://127.0.0.1:61616"), queues);
            broker.start();
            resources.open(broker);
            factory = new ActiveMQConnectionFactory(broker.inVmUrl());
        } else {
            LOG.info("Using the external broker {}; no embedded broker is started", url);
            factory = new ActiveMQConnectionFactory(url, settings.string("ferry.broker.user", null),
                    settings.string("ferry.broker.password", null));
        }
        brokerFactory = factory;
        CachingConnectionFactory caching = new CachingConnectionFactory(factory);
        caching.setSessionCacheSize(10);
        // The record route's dead-letter endpoint (records.camel.yaml) has a factory of its own. Sent through the jms
        // component's factory from a transacted queue consumer's thread, the entry would join that consumer's local
        // transaction (Spring hands a send on that thread the consumer's session) and reach the queue only when the
        // whole input message is acknowledged, after its report rows; on its own connection, a persistent send
        // returns once the broker has stored the entry.
        CachingConnectionFactory deadLetter = new CachingConnectionFactory(factory);
        deadLetter.setSessionCacheSize(10);
        context.getRegistry().bind("deadLetterConnectionFactory", deadLetter);
        resources.open(factory::close);
        resources.open(caching::destroy);
        resources.open(deadLetter::destroy);
        context.addComponent("jms", JmsComponent.jmsComponent(caching));
        HealthCheckRegistry.get(context).register(new BrokerHealthCheck(brokerFactory));
    }

    /**
     * The broker's own factory (no session caching), for the dead letter's selectors and transactions; set once
     * {@link #configure} has run.
     */
    public ConnectionFactory connectionFactory() {
        return brokerFactory;
    }
}
