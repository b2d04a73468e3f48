package io.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.record.Targets;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.ArtemisServer;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ferry on an external, standalone ActiveMQ Artemis (its own process, login required): no embedded broker starts,
 * and the intake queues, the dead letter and the rates-synced release all live on the external broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalBrokerIT {

    private static final String PASSWORD = "ext-broker-pw-7Qz";

    private ArtemisServer broker;
    private Sandbox sandbox;
    private FerryUnderTest ferry;
    private Path root;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        root = dir;
        broker = ArtemisServer.start(dir.resolve("artemis"), "ferry", PASSWORD);
        sandbox = Sandbox.start(SandboxConfig.defaults());
        ferry = new FerryUnderTest(dir.resolve("ferry"), sandbox, Map.of("ferry.broker.url", broker.url(),
                "ferry.broker.user", broker.user(), "ferry.broker.password", PASSWORD));
    }

    @AfterAll
    void stop() throws Exception {
        if (ferry != null) {
            ferry.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void noEmbeddedBrokerStartsAndNothingListensOnTheEmbeddedAcceptor() {
        assertThat(root.resolve("ferry/data/broker")).doesNotExist();
        assertThat(Files.exists(root.resolve("ferry/data"))).as("data dir (store only)").isTrue();
    }

    @Test
    void messagesPublishedOnTheExternalBrokerAreDelivered() throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
             Connection connection = factory.createConnection(broker.user(), PASSWORD);
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageProducer producer = session.createProducer(session.createQueue("sync.in." + Targets.COR_CLIENTS))) {
            for (int i = 1; i <= 20; i++) {
                producer.send(session.createTextMessage("{\"id\":\"EXT-" + i + "\",\"name\":\"External " + i + "\"}"));
            }
            session.commit();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i = 1; i <= 20; i++) {
                assertThat(sandbox.corClient("EXT-" + i)).as("EXT-%d", i).isPresent();
            }
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browse("sync.in." + Targets.COR_CLIENTS)).as("left on the intake queue").isEmpty());
    }

    @Test
    void parkedRecordsWaitOnTheExternalBrokerAndTheRateDropReleasesThem() throws Exception {
        assertThat(ferry.deliver(Targets.COR_CLIENTS, "ext-client.csv", "id,name\nXC-1,Client\n"))
                .extracting(Row::outcome).containsExactly("created");
        List<Row> parked = ferry.deliver(Targets.COR_CONTRACTS, "ext-contracts.csv",
                "id,name,client_id,value,currency\nXK-1,Deal,XC-1,10,CHF\nXK-2,Deal,XC-1,20,CHF\n");
        assertThat(parked).extracting(Row::outcome).containsExactly("parked", "parked");

        // The dead letter is the external broker's queue: another client of that broker sees both entries.
        assertThat(browse("sync.deadletter")).extracting(message -> message.getStringProperty("ferryAwaiting"))
                .containsExactly("fx:CHF", "fx:CHF");

        ferry.deliver(Targets.COR_EXCHANGE_RATES, "chf-rate.csv",
                "foreign_currency,base_currency,amount,factor,effective_date\nCHF,USD,1.12,1,2025-05-01\n");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(ferry.report("ext-contracts.csv"))
                .filteredOn(row -> row.outcome().equals("created")).hasSize(2));
        assertThat(sandbox.corContract("XK-1")).isPresent();
        assertThat(sandbox.corContract("XK-2")).isPresent();
        assertThat(browse("sync.deadletter")).as("left on the dead letter").isEmpty();
    }

    @Test
    void theBrokerRefusesClientsWithoutItsCredentials() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> {
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
                 Connection connection = factory.createConnection("ferry", "wrong")) {
                connection.start();
            }
        })).isInstanceOf(JMSSecurityException.class);
    }

    private List<Message> browse(String queue) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.url());
             Connection connection = factory.createConnection(broker.user(), PASSWORD);
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            connection.start();
            return Collections.list(browser.getEnumeration()).stream().map(Message.class::cast).toList();
        }
    }
}
