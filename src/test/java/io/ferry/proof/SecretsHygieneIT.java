package io.ferry.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferry.sandbox.Faults;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest.Row;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full run with distinctive secrets in the environment (COR key, secret and access token, ComplyCube and Clemta
 * keys, operator token, store and broker passwords): clients and contracts by file and queue, a contract parked on a
 * missing rate and released by a rates file, one parked on a missing client, one failed after retries, operator calls
 * with and without the token, expired tokens renewed after a 401, then a restart with a wrong static token (401,
 * vendor paused, records parked). Afterwards no secret, and no access token COR issued, is found in the logs, the
 * reports, any file under the data directory (broker journal, database) or any dead-letter message; searched as
 * bytes in UTF-8 and UTF-16 (Artemis keeps message properties in UTF-16), and in Base64 (Basic auth).
 */
class SecretsHygieneIT {

    private static final String COR_KEY = "cor-key-7f3a9c0d1e2b";
    private static final String COR_SECRET = "cor-secret-5e8d2a7b3c41";
    private static final String COR_TOKEN = "cor-token-b2c94e6f0a13";
    private static final Map<String, String> SECRETS = secrets();
    // Every access token the sandbox issues is a JWT starting with this header ({"alg":"HS256","typ":"JWT"}).
    private static final String ISSUED_TOKEN_PREFIX = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DEADLETTER = "sync.deadletter";

    private static Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("COR_API_KEY", COR_KEY);
        secrets.put("COR_CLIENT_SECRET", COR_SECRET);
        secrets.put("COMPLYCUBE_API_KEY", "complycube-key-91d0c3e8a5f7");
        secrets.put("CLEMTA_API_KEY", "clemta-key-4a6b8c2d0e19");
        secrets.put("FERRY_OPERATOR_TOKEN", "operator-token-3f5a7c9e1b2d");
        secrets.put("FERRY_STORE_PASSWORD", "store-password-8e2f4a6c0d3b");
        secrets.put("FERRY_BROKER_PASSWORD", "broker-password-6c1e3a5f7d9b");
        return secrets;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void noSecretIsInLogsReportsDataFilesOrDeadLetterMessages(@TempDir Path root) throws Exception {
        SandboxConfig config = SandboxConfig.defaults().toBuilder().corApiKey(COR_KEY).corClientSecret(COR_SECRET)
                .complycubeApiKey(SECRETS.get("COMPLYCUBE_API_KEY")).clemtaApiKey(SECRETS.get("CLEMTA_API_KEY"))
                .build();
        // Every message Ferry put on its broker that this test could read: the rates-synced event, the dead letters.
        Map<String, String> brokerMessages = new LinkedHashMap<>();
        try (Sandbox sandbox = Sandbox.start(config);
             FerryProcess ferry = new FerryProcess(root, Map.of("cor.base-url", sandbox.corBaseUrl(),
                     "cor.token-url", sandbox.corTokenUrl(), "cor.base-currency", "USD",
                     "ferry.retry.initial-delay", "20", "ferry.retry.max-delay", "50"), SECRETS)) {
            ferry.start();
            runWithClientCredentials(ferry, sandbox, brokerMessages);

            // Restart with a static token COR does not accept: 401, the vendor pauses, its records are parked.
            Map<String, String> staticToken = new LinkedHashMap<>(SECRETS);
            staticToken.remove("COR_API_KEY");
            staticToken.remove("COR_CLIENT_SECRET");
            staticToken.put("COR_ACCESS_TOKEN", COR_TOKEN);
            ferry.close();
            ferry.environment(staticToken).start();
            drop(ferry, "cor-clients", "refused.csv", "id,name\nS-10,Refused\nS-11,Refused too\n");
            assertThat(awaitReport(ferry, "refused.csv", 2)).extracting(Row::outcome).containsOnly("parked");

            List<String> deadLetters = browseDeadLetters(ferry.brokerUrl());
            ferry.close();
            assertThat(deadLetters).as("dead-letter entries: missing client, retries exhausted, paused vendor")
                    .hasSize(4);
            assertThat(String.join("\n", deadLetters)).contains("cor-client:NOBODY").contains("RETRIES_EXHAUSTED")
                    .contains("auth:cor");
            for (int i = 0; i < deadLetters.size(); i++) {
                brokerMessages.put("dead-letter message " + (i + 1), deadLetters.get(i));
            }

            List<String> leaks = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    leaks.addAll(find(Files.readAllBytes(file), root.relativize(file).toString()));
                }
            }
            brokerMessages.forEach((where, text) -> leaks.addAll(find(text.getBytes(StandardCharsets.UTF_8), where)));
            assertThat(leaks).as("secrets found").isEmpty();
            assertThat(ferry.logs()).hasSize(2);
            assertThat(Files.readString(ferry.logs().get(0))).as("the log of the first run")
                    .contains("COR: fetched an access token");
        }
    }

    private void runWithClientCredentials(FerryProcess ferry, Sandbox sandbox, Map<String, String> published)
            throws Exception {
        drop(ferry, "cor-clients", "clients.csv", "id,name,email_contact\nS-1,Acme,ops@acme.example\nS-2,,no-name\n");
        // Rows are written as records finish (in parallel), so in any order.
        assertThat(awaitReport(ferry, "clients.csv", 2)).extracting(Row::outcome)
                .containsExactlyInAnyOrder("created", "rejected");
        publish(ferry.brokerUrl(), "sync.in.cor-clients", "[{\"id\":\"S-3\",\"name\":\"From the queue\"}]");

        drop(ferry, "cor-contracts", "contracts.csv", "id,name,client_id,value,currency\n"
                + "K-1,Deal,S-1,100,EUR\nK-2,Deal,NOBODY,100,USD\nK-3,Deal,S-1,100,USD\n");
        assertThat(awaitReport(ferry, "contracts.csv", 3)).extracting(Row::outcome)
                .containsExactlyInAnyOrder("parked", "parked", "created");

        // Rates synced: the EUR contract is released through the dead letter, its row appended to the report. The
        // "rates synced" event goes to a topic any program on the broker may subscribe to: it is checked too.
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(ferry.brokerUrl());
             Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageConsumer events = session.createConsumer(session.createTopic("sync.events.rates-synced"));
            connection.start();
            drop(ferry, "cor-exchange-rates", "rates.csv",
                    "foreign_currency,base_currency,amount,factor,effective_date\nEUR,USD,1.08,1,2025-05-01\n");
            awaitReport(ferry, "rates.csv", 1);
            Message event = events.receive(WAIT.toMillis());
            assertThat(event).as("rates-synced event").isNotNull();
            published.put("the rates-synced event", text(event));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(ReportFile.rows(report(ferry, "contracts.csv")))
                .filteredOn(row -> row.outcome().equals("created")).extracting(Row::externalId)
                .containsExactlyInAnyOrder("K-1", "K-3"));

        // Every access token so far expired: the next call gets a 401, Ferry fetches a new token and goes on.
        assertThat(sandbox.expireCorTokens()).isPositive();
        drop(ferry, "cor-clients", "after-expiry.csv", "id,name\nS-4,Renewed\n");
        assertThat(awaitReport(ferry, "after-expiry.csv", 1)).extracting(Row::outcome).containsExactly("created");

        // COR down for a while: retries exhausted, the record fails onto the dead letter.
        sandbox.setFaults("cor", Faults.NONE.withRate503(1.0));
        drop(ferry, "cor-clients", "outage.csv", "id,name\nS-5,Outage\n");
        assertThat(awaitReport(ferry, "outage.csv", 1)).extracting(Row::code).containsExactly("RETRIES_EXHAUSTED");
        sandbox.setFaults("cor", Faults.NONE);

        HttpClient http = HttpClient.newHttpClient();
        String token = SECRETS.get("FERRY_OPERATOR_TOKEN");
        assertThat(operatorCall(http, ferry, "/deadletter", token).statusCode()).isEqualTo(200);
        assertThat(operatorCall(http, ferry, "/deadletter/entries", token).body()).contains("cor-client:NOBODY");
        assertThat(operatorCall(http, ferry, "/deadletter", "wrong-" + token).statusCode()).isEqualTo(401);
        await().atMost(WAIT).until(() -> sandbox.corClient("S-3").isPresent());
    }

    /** Every place a secret shows up in {@code bytes}: as text (UTF-8, UTF-16) or Base64. */
    private static List<String> find(byte[] bytes, String where) {
        Map<String, String> needles = new LinkedHashMap<>(SECRETS);
        needles.put("COR_ACCESS_TOKEN", COR_TOKEN);
        needles.put("an access token issued by COR", ISSUED_TOKEN_PREFIX);
        needles.put("COR Basic credentials", Base64.getEncoder().encodeToString((COR_KEY + ":" + COR_SECRET)
                .getBytes(StandardCharsets.UTF_8)));
        List<String> found = new ArrayList<>();
        needles.forEach((name, secret) -> {
            List<String> forms = new ArrayList<>(List.of(secret,
                    Base64.getEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8))));
            for (String form : forms) {
                for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE,
                        StandardCharsets.UTF_16BE)) {
                    int at = indexOf(bytes, form.getBytes(charset));
                    if (at >= 0) {
                        found.add(name + " (" + (form.equals(secret) ? "" : "Base64, ") + charset + ") in " + where
                                + " at byte " + at);
                    }
                }
            }
        });
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Each dead-letter message as text: its body and every property. */
    private static List<String> browseDeadLetters(String brokerUrl) throws Exception {
        List<String> messages = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
             Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             QueueBrowser browser = session.createBrowser(session.createQueue(DEADLETTER))) {
            connection.start();
            for (Object each : Collections.list(browser.getEnumeration())) {
                messages.add(text((Message) each));
            }
        }
        return messages;
    }

    /** A message's body and every property, as text. */
    private static String text(Message message) throws JMSException {
        StringBuilder text = new StringBuilder(((TextMessage) message).getText());
        for (Object name : Collections.list(message.getPropertyNames())) {
            text.append('\n').append(name).append('=').append(message.getObjectProperty((String) name));
        }
        return text.toString();
    }

    private static void publish(String brokerUrl, String queue, String body) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(brokerUrl);
             Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage(body));
        }
    }

    private static HttpResponse<String> operatorCall(HttpClient http, FerryProcess ferry, String path, String token)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ferry.operatorUrl() + path)).timeout(WAIT)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void drop(FerryProcess ferry, String target, String name, String content) throws IOException {
        Path part = ferry.inbox(target).resolve(name + ".part");
        Files.writeString(part, content);
        Files.move(part, ferry.inbox(target).resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<Row> awaitReport(FerryProcess ferry, String name, int rows) {
        Path done = ferry.inbox("cor-clients").getParent();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            // Processed files are kept as .done/<day>/<file>.<run id>.
            try (Stream<Path> finished = Files.walk(done)) {
                return finished.anyMatch(p -> p.getFileName().toString().startsWith(name + ".")
                        && p.getParent().getParent().getFileName().toString().equals(".done"))
                        && report(ferry, name) != null && ReportFile.rows(report(ferry, name)).size() >= rows;
            }
        });
        try {
            return ReportFile.rows(report(ferry, name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path report(FerryProcess ferry, String name) throws IOException {
        return ReportFile.latest(ferry.reports(), name);
    }
}
