package io.ferry.proof;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.Collections;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** A producer and a browser on a broker's CORE acceptor, as another program would use it (user null: no login). */
record QueueClient(String url, String user, String password) {

    /** Publishes clients {@code prefix1..prefixN}, one JSON record per message, in transactions of 500 messages. */
    void publishClients(String queue, String prefix, int count) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
             Connection connection = factory.createConnection(user, password);
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            for (int i = 1; i <= count; i++) {
                producer.send(session.createTextMessage(
                        "{\"id\":\"" + prefix + i + "\",\"name\":\"Client " + i + "\"}"));
                if (i % 500 == 0) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    /** Messages waiting on the queue. */
    int depth(String queue) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
             Connection connection = factory.createConnection(user, password);
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            connection.start();
            return Collections.list(browser.getEnumeration()).size();
        }
    }
}
