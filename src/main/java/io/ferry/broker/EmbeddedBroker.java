package io.ferry.broker;

import java.nio.file.Path;
import java.util.Collection;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ActiveMQ Artemis inside Ferry's JVM: a persistent journal under the data directory, an in-VM acceptor for the
 * routes and a TCP acceptor (CORE, AMQP, STOMP) so other programs can publish.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final int JOURNAL_BUFFER_TIMEOUT_NANOS = 100_000;

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();
    private final String inVmUrl;
    private final String tcpUrl;

    /**
     * @param dataDir    where the journal, bindings, paging and large messages live
     * @param vmId       the in-VM server id (distinct per broker in one JVM)
     * @param tcpUrl     the TCP acceptor, e.g. tcp://127.0.0.1:61616; blank for none
     * @param queues     durable anycast queues created at start, so messages published before a consumer starts wait
     */
    public EmbeddedBroker(Path dataDir, int vmId, String tcpUrl, Collection<String> queues) throws Exception {
        this.inVmUrl = "vm://" + vmId;
        this.tcpUrl = tcpUrl;
        Configuration config = new ConfigurationImpl()
                .setName("ferry")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO)
                // Artemis batches journal syncs on a timer (3.3 ms for NIO by default) made for many producers. Ferry's
                // queue consumers commit one message at a time and wait for the sync, so that timer capped each one at
                // about 150 messages/s; at 0.1 ms concurrent commits still share a sync.
                .setJournalBufferTimeout_NIO(JOURNAL_BUFFER_TIMEOUT_NANOS)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
        config.addAcceptorConfiguration("in-vm", inVmUrl);
        if (tcpUrl != null && !tcpUrl.isBlank()) {
            // STOMP and AMQP senders name a queue without a routing type: make sync.* addresses anycast (queues).
            config.addAcceptorConfiguration("tcp", tcpUrl + (tcpUrl.contains("?") ? "&" : "?")
                    + "protocols=CORE,AMQP,STOMP;anycastPrefix=queue/;multicastPrefix=topic/");
        }
        config.addAddressSetting("sync.#", new AddressSettings()
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                .setDeadLetterAddress(SimpleString.of("sync.poison"))
                .setExpiryAddress(SimpleString.of("sync.expired"))
                .setAutoCreateDeadLetterResources(true)
                .setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(60_000));
        for (String queue : queues) {
            config.addQueueConfiguration(QueueConfiguration.of(queue).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        }
        server.setConfiguration(config);
    }

    public void start() throws Exception {
        server.start();
        LOG.info("Embedded ActiveMQ Artemis started: {}{}", inVmUrl,
                tcpUrl == null || tcpUrl.isBlank() ? "" : ", " + tcpUrl + " (CORE, AMQP, STOMP)");
    }

    /** The URL the routes connect with. */
    public String inVmUrl() {
        return inVmUrl;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
