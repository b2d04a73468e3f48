package io.ferry.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path root;
    private FerryUnderTest ferry;

    @BeforeAll
    void startFerry() throws Exception {
        ferry = FerryUnderTest.withStubTargets(root, Map.of());
    }

    @AfterAll
    void stopFerry() throws Exception {
        ferry.close();
    }

    @Test
    void aMessagePublishedOverStompFromOutsideTheJvmBecomesRecordsWithReportRows() throws Exception {
        URI acceptor = URI.create(ferry.property("ferry.broker.acceptor"));

        String receipt = sendStomp(acceptor, "sync.in.complycube-clients",
                "[{\"externalId\":\"CC-1\",\"email\":\"jane@x.com\"},{\"externalId\":\"CC-2\"}]");

        assertThat(receipt).startsWith("RECEIPT");
        await().atMost(WAIT).untilAsserted(() -> assertThat(ferry.dailyReport("sync.in.complycube-clients"))
                .extracting(r -> r.get("external_id") + " " + r.get("outcome"))
                .containsExactly("CC-1 created", "CC-2 rejected"));
        List<Row> rows = ferry.dailyReport("sync.in.complycube-clients");
        assertThat(rows.get(0).get("row")).as("message id # index").matches("(ID|AMQ):.+#1");
    }

    @Test
    void csvTextAndUnreadableBodiesArriveAsRecordsOrRejectedRows() throws Exception {
        var template = ferry.context().createProducerTemplate();

        template.sendBody("jms:queue:sync.in.clemta-contacts", "external_id,full_name\nCL-1,John\nCL-2,Mary\n");
        template.sendBody("jms:queue:sync.in.clemta-contacts", "{\"external_id\":\"CL-3\",");

        await().atMost(WAIT).untilAsserted(() -> assertThat(ferry.dailyReport("sync.in.clemta-contacts"))
                .extracting(r -> r.get("external_id") + " " + r.get("outcome"))
                .containsExactly("CL-1 created", "CL-2 created", " rejected"));
        assertThat(ferry.dailyReport("sync.in.clemta-contacts").get(2).get("message"))
                .startsWith("invalid JSON at line 1");
    }

    /** Sends one STOMP 1.2 frame over a plain socket, as any non-Java program could, and returns the receipt. */
    private static String sendStomp(URI acceptor, String destination, String body) throws IOException {
        try (Socket socket = new Socket(acceptor.getHost(), acceptor.getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(frame("CONNECT\naccept-version:1.2\nhost:localhost\n\n"));
            assertThat(readFrame(in)).startsWith("CONNECTED");
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            out.write(frame("SEND\ndestination:" + destination + "\ncontent-type:application/json\ncontent-length:"
                    + payload.length + "\nreceipt:sent-1\n\n" + body));
            String receipt = readFrame(in);
            out.write(frame("DISCONNECT\n\n"));
            return receipt;
        }
    }

    private static byte[] frame(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, framed, 0, bytes.length);
        return framed;
    }

    private static String readFrame(InputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0) {
            frame.write(b);
        }
        return frame.toString(StandardCharsets.UTF_8).stripLeading();
    }
}
