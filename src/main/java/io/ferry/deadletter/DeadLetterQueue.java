package io.ferry.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The durable dead-letter queue {@code sync.deadletter}: browse and count entries, discard one, and replay a selection
 * in transactions (the entry leaves the queue only when its replay's outcome is settled, and a re-park is committed
 * together with that removal, in the same JMS session: which is why re-parking is done here and not by a route step).
 * A record's first park is a step of the record route (records.camel.yaml, {@link DeadLetterMessage}).
 */
public final class DeadLetterQueue implements AutoCloseable {

    public static final String QUEUE = "sync.deadletter";
    private static final long RECEIVE_TIMEOUT_MS = 300;

    private final ConnectionFactory factory;
    private final ObjectMapper json;
    private Connection connection;

    public DeadLetterQueue(ConnectionFactory factory, ObjectMapper json) {
        this.factory = factory;
        this.json = json;
    }

    /** Counts of the entries: total, and by target, by reason and by awaiting key. */
    public record Counts(long total, Map<String, Long> byTarget, Map<String, Long> byReason,
                         Map<String, Long> byAwaiting, long held) {
    }

    /** Entries matching a JMS selector (null for all), in queue order, skipping {@code offset}. */
    public List<ParkedRecord> browse(String selector, int offset, int limit) {
        List<ParkedRecord> entries = new ArrayList<>();
        forEach(selector, new Function<>() {
            private int index;

            @Override
            public Boolean apply(ParkedRecord entry) {
                if (index++ >= offset) {
                    entries.add(entry);
                }
                return entries.size() < limit;
            }
        });
        return entries;
    }

    public Counts counts() {
        Map<String, Long> byTarget = new TreeMap<>();
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Long> byAwaiting = new TreeMap<>();
        long[] total = new long[2];
        forEach(null, entry -> {
            total[0]++;
            if (entry.held()) {
                total[1]++;
            }
            byTarget.merge(entry.record().target(), 1L, Long::sum);
            byReason.merge(entry.reason(), 1L, Long::sum);
            if (entry.awaiting() != null) {
                byAwaiting.merge(entry.awaiting(), 1L, Long::sum);
            }
            return true;
        });
        return new Counts(total[0], byTarget, byReason, byAwaiting, total[1]);
    }

    private void forEach(String selector, Function<ParkedRecord, Boolean> visitor) {
        try (Session session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(QUEUE), selector)) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                if (!visitor.apply(ParkedRecord.fromMessage((Message) messages.nextElement(), json))) {
                    return;
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot browse " + QUEUE + ": " + e.getMessage(), e);
        }
    }

    /** Removes one entry by its id; returns it when found. */
    public Optional<ParkedRecord> discard(String id) {
        List<ParkedRecord> removed = new ArrayList<>();
        replay(Selectors.id(id), 1, entry -> {
            removed.add(entry);
            return Optional.empty();
        });
        return removed.stream().findFirst();
    }

    /**
     * Takes up to {@code limit} entries matching the selector, one transaction each: {@code deliver} settles the
     * entry and returns what to park instead (the same entry failed again), or empty when it is settled.
     *
     * @return how many entries were taken
     */
    public int replay(String selector, int limit, Function<ParkedRecord, Optional<ParkedRecord>> deliver) {
        int taken = 0;
        try (Session session = connection().createSession(true, Session.SESSION_TRANSACTED)) {
            Queue queue = session.createQueue(QUEUE);
            try (MessageConsumer consumer = session.createConsumer(queue, selector);
                 MessageProducer producer = session.createProducer(queue)) {
                while (taken < limit) {
                    Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
                    if (message == null) {
                        break;
                    }
                    taken++;
                    try {
                        Optional<ParkedRecord> again = deliver.apply(ParkedRecord.fromMessage(message, json));
                        if (again.isPresent()) {
                            producer.send(again.get().toMessage(session, json));
                        }
                        session.commit();
                    } catch (RuntimeException e) {
                        session.rollback();
                        throw e;
                    }
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot replay from " + QUEUE + ": " + e.getMessage(), e);
        }
        return taken;
    }

    private synchronized Connection connection() throws JMSException {
        if (connection == null) {
            connection = factory.createConnection();
            connection.start();
        }
        return connection;
    }

    @Override
    public synchronized void close() throws JMSException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
