package io.ferry.delivery;

import static io.ferry.testing.FerryUnderTest.corCalls;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.record.Record;
import io.ferry.record.Source;
import io.ferry.record.Targets;
import io.ferry.sandbox.Faults;
import io.ferry.sandbox.RecordedRequest;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parallel delivery on ordered lanes: records of one entity stay in input order (and a contract follows its client),
 * while different entities overlap.
 */
class DeliveryLanesTest {

    private static final long LATENCY_MS = 100;

    @Test
    void sameExternalIdIsAppliedInInputOrderWhileOtherRecordsOverlap(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.delivery.concurrency", "4"))) {
            sandbox.setFaults("cor", Faults.NONE.withLatency(LATENCY_MS, 0));
            // ORD-1 three times among 12 other clients: the last row's name must win.
            String csv = "id,name\nORD-1,First\n"
                    + IntStream.rangeClosed(1, 6).mapToObj(i -> "PAR-" + i + ",Client " + i + "\n").collect(Collectors.joining())
                    + "ORD-1,Second\n"
                    + IntStream.rangeClosed(7, 12).mapToObj(i -> "PAR-" + i + ",Client " + i + "\n").collect(Collectors.joining())
                    + "ORD-1,Third\n";
            List<Row> rows = ferry.deliver(Targets.COR_CLIENTS, "lanes.csv", csv);

            assertThat(rows).hasSize(15);
            assertThat(rows).filteredOn(r -> r.externalId().equals("ORD-1")).extracting(r -> r.get("row") + " " + r.outcome())
                    .containsExactly("1 created", "8 updated", "15 updated");
            assertThat(rows).filteredOn(r -> r.externalId().startsWith("PAR-")).extracting(Row::outcome)
                    .containsOnly("created").hasSize(12);
            assertThat(sandbox.corClient("SALESFORCE", "ORD-1").orElseThrow().get("name").asText()).isEqualTo("Third");
            assertThat(corCalls(sandbox)).filteredOn(r -> r.body().contains("\"ORD-1\"") || r.path().endsWith("/ORD-1"))
                    .extracting(r -> r.method() + " " + r.body().replaceAll(".*\"name\":\"(\\w+)\".*", "$1"))
                    .containsExactly("POST First", "PUT Second", "PUT Third");
            // One lane waits for each answer before its next call, so calls less than the latency apart can only come
            // from different lanes at once.
            List<RecordedRequest> calls = corCalls(sandbox);
            long overlapping = IntStream.range(1, calls.size())
                    .filter(i -> Duration.between(calls.get(i - 1).at(), calls.get(i).at()).toMillis() < LATENCY_MS / 2)
                    .count();
            assertThat(overlapping).isPositive();
        }
    }

    @Test
    void aContractIsNeverSentBeforeTheClientItsFileCreatesEarlier(@TempDir Path dir) throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(mappings.resolve("crm.yaml"), """
                source: crm-deals
                targets:
                  cor-clients:
                    id: Account
                    name: Account Name
                  cor-contracts:
                    id: Deal
                    name: Deal Name
                    client_id: Account
                """);
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.delivery.concurrency", "4",
                     "ferry.mappings.dir", mappings.toString()))) {
            sandbox.setFaults("cor", Faults.NONE.withLatency(20, 20));
            String csv = "Account,Account Name,Deal,Deal Name\n" + IntStream.rangeClosed(1, 20)
                    .mapToObj(i -> "ACC-" + i + ",Account " + i + ",DEAL-" + i + ",Deal " + i + "\n")
                    .collect(Collectors.joining());
            List<Row> rows = ferry.deliver("crm-deals", "deals.csv", csv);

            assertThat(rows).hasSize(40).extracting(Row::outcome).containsOnly("created");
            assertThat(corCalls(sandbox)).noneMatch(r -> r.status() >= 400);
        }
    }

    @Test
    void theOrderingKeyIsTheExternalIdAndAContractsClient() {
        // As configured by cor.contracts.order-key = client_id; cor-clients has no order key.
        OrderedLanes lanes = new OrderedLanes(null, "direct:record", intake -> 1, 1,
                Map.of(Targets.COR_CONTRACTS, OrderKey.of("client_id"), Targets.COR_CLIENTS, OrderKey.of("")),
                new EntitiesInFlight());
        ObjectNode contract = new ObjectMapper().createObjectNode().put("id", "K-1").put("client_id", "C-9");
        assertThat(lanes.orderingKey(Record.of(Targets.COR_CONTRACTS, Source.file("f.csv", 1), "K-1", contract)))
                .isEqualTo("C-9");
        assertThat(lanes.orderingKey(Record.of(Targets.COR_CLIENTS, Source.file("f.csv", 1), "C-9",
                new ObjectMapper().createObjectNode()))).isEqualTo("C-9");
    }

    @Test
    void aConfiguredOrderKeyDeliversRecordsWithTheSameValueOneAfterTheOther() throws Exception {
        // A and B share a company, C has another. A is held until C has been delivered: B, keyed by its company, must
        // wait behind A on the same lane, while C overtakes both on another. Keyed by external id instead, B would
        // start on a free lane at once and end before A.
        java.util.concurrent.CountDownLatch otherCompanyDelivered = new java.util.concurrent.CountDownLatch(1);
        List<String> delivered = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (org.apache.camel.CamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:record").process(exchange -> {
                        String id = exchange.getIn().getBody(Record.class).externalId();
                        if (id.equals("A") && !otherCompanyDelivered.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                            throw new IllegalStateException("C was held behind A: it has another company");
                        }
                        delivered.add(id);
                        if (id.equals("C")) {
                            otherCompanyDelivered.countDown();
                        }
                    });
                }
            });
            context.start();
            try (DeliveryLanes lanes = new DeliveryLanes(context.createProducerTemplate(), "direct:record",
                    intake -> 4, 8, Map.of(Targets.CLEMTA_CONTACTS, OrderKey.of("company_id")))) {
                org.apache.camel.Exchange file = new org.apache.camel.support.DefaultExchange(context);
                file.setProperty("ferryTarget", Targets.CLEMTA_CONTACTS);
                lanes.open(file);
                file.getIn().setBody(List.of(contact("A", "ACME"), contact("B", "ACME"), contact("C", "GLOBEX")));
                lanes.submit(file);
                lanes.await(file);
                assertThat(file.getException()).isNull();
            }
        }
        assertThat(delivered).containsExactly("C", "A", "B");
    }

    private static Record contact(String externalId, String company) {
        ObjectNode fields = new ObjectMapper().createObjectNode().put("external_id", externalId)
                .put("company_id", company);
        return Record.of(Targets.CLEMTA_CONTACTS, Source.file("contacts.csv", 1), externalId, fields);
    }

    @Test
    void theKeyedExecutorRunsEachKeysTasksInSubmissionOrderAndOtherKeysAtOnce() throws Exception {
        KeyedExecutor executor = new KeyedExecutor("test", 4, 8);
        Map<String, List<Integer>> seen = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger maxRunning = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(400);
        for (int i = 0; i < 400; i++) {
            String key = "K" + (i % 7);
            int n = i;
            executor.submit(key, () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                seen.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>())).add(n);
                Thread.yield();
                running.decrementAndGet();
                done.countDown();
            });
        }
        assertThat(done.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        executor.close();
        assertThat(seen).hasSize(7);
        seen.values().forEach(order -> assertThat(order).isSorted().hasSizeGreaterThanOrEqualTo(57));
        assertThat(maxRunning.get()).isLessThanOrEqualTo(4);
    }

    @Test
    void aSubmitterThatFoundEverySlotTakenWaitsUntilHalfOfThemAreFree() throws Exception {
        LaneCapacity slots = new LaneCapacity(4);
        for (int i = 0; i < 4; i++) {
            slots.acquire();
        }
        java.util.concurrent.atomic.AtomicBoolean got = new java.util.concurrent.atomic.AtomicBoolean();
        Thread submitter = new Thread(() -> {
            try {
                slots.acquire();
                got.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        submitter.start();
        org.awaitility.Awaitility.await().until(() -> submitter.getState() == Thread.State.WAITING);

        // One slot free of four: the submitter sleeps on.
        slots.release();
        org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(300))
                .atMost(java.time.Duration.ofSeconds(5)).until(() -> !got.get());
        // Half of them free: it takes one.
        slots.release();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilTrue(got);
        submitter.join();
        assertThat(slots.used()).isEqualTo(3);
        // Below the top, a slot is taken at once.
        slots.acquire();
        assertThat(slots.used()).isEqualTo(4);
    }

    @Test
    void aRecordsExchangeCarriesItsReportAndDryRunFlagButNotWhatOnlyItsFileReads() throws Exception {
        try (org.apache.camel.CamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            org.apache.camel.Exchange file = new org.apache.camel.support.DefaultExchange(context);
            file.setProperty(io.ferry.record.RecordExchange.REPORT, "the report");
            file.setProperty(io.ferry.record.RecordExchange.DRY_RUN, true);
            file.setProperty("ferryTarget", "cor-clients");
            file.setProperty(DeliveryLanes.BATCH, new PendingRecords());
            file.setProperty("ferryMoveTo", ".done");
            file.setProperty("ferryFileKey", "clients.csv/abc");
            file.setProperty(org.apache.camel.Exchange.FILE_EXCHANGE_FILE, "the file");
            org.apache.camel.component.file.GenericFile<java.io.File> read =
                    new org.apache.camel.component.file.GenericFile<>();
            read.setFileName("clients.csv");
            file.setIn(new org.apache.camel.component.file.GenericFileMessage<>(file, read));
            file.getIn().setHeader(org.apache.camel.Exchange.FILE_NAME, "clients.csv");

            org.apache.camel.Exchange record = RecordHandOff.copy(file);

            assertThat(record.getProperties()).containsOnlyKeys(io.ferry.record.RecordExchange.REPORT,
                    io.ferry.record.RecordExchange.DRY_RUN, "ferryTarget");
            assertThat(record.getProperty(org.apache.camel.Exchange.FILE_EXCHANGE_FILE)).isNull();
            assertThat(record.getIn().getHeaders()).isEmpty();
            // A plain message, which later copies of the record's exchange copy without the file's fields.
            assertThat(record.getIn()).isExactlyInstanceOf(org.apache.camel.support.DefaultMessage.class);
            // The input keeps all of it: its own steps run after the records were handed over.
            assertThat(file.getProperties()).hasSize(6);
            assertThat(file.getProperty(org.apache.camel.Exchange.FILE_EXCHANGE_FILE)).isEqualTo("the file");
            assertThat(file.getIn().getHeader(org.apache.camel.Exchange.FILE_NAME)).isEqualTo("clients.csv");
            assertThat(file.getIn()).isInstanceOf(org.apache.camel.component.file.GenericFileMessage.class);
        }
    }
}
