package io.ferry.delivery;

import static io.ferry.testing.FerryUnderTest.complyCubeCalls;
import static io.ferry.testing.FerryUnderTest.corCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.ferry.record.Targets;
import io.ferry.sandbox.RecordedRequest;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import io.ferry.testing.FerryUnderTest;
import io.ferry.testing.FerryUnderTest.Row;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change detection end to end: a record whose payload equals the one last delivered for its external id ends
 * unchanged without any call (checked in the sandbox's journal); a changed record is sent; ferry.force-resend sends
 * everything again.
 */
class ChangeDetectionTest {

    private static final String CLIENTS = "id,name\nCD-1,One\nCD-2,Two\nCD-3,Three\n";

    @Test
    void theSameExportAgainSendsNothingAndOneChangedRowSendsOnlyThatRow(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of())) {
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "export-1.csv", CLIENTS)).extracting(Row::outcome)
                    .containsOnly("created").hasSize(3);
            int before = corCalls(sandbox).size();

            List<Row> again = ferry.deliver(Targets.COR_CLIENTS, "export-2.csv", CLIENTS);
            assertThat(again).extracting(Row::externalId, Row::outcome, Row::code).containsExactly(
                    tuple("CD-1", "unchanged", "UNCHANGED"), tuple("CD-2", "unchanged", "UNCHANGED"),
                    tuple("CD-3", "unchanged", "UNCHANGED"));
            assertThat(corCalls(sandbox)).hasSize(before);

            List<Row> oneChanged = ferry.deliver(Targets.COR_CLIENTS, "export-3.csv",
                    "id,name\nCD-1,One\nCD-2,Two renamed\nCD-3,Three\n");
            assertThat(oneChanged).extracting(Row::outcome).containsExactly("unchanged", "updated", "unchanged");
            assertThat(corCalls(sandbox).subList(before, corCalls(sandbox).size()))
                    .extracting(r -> r.method() + " " + r.path())
                    .containsExactly("PUT /cor/v2/integrations/clients/CD-2");
            // The changed row is now the one remembered: sent again unchanged, it is not sent.
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "export-4.csv", "id,name\nCD-2,Two renamed\n"))
                    .extracting(Row::outcome).containsExactly("unchanged");
        }
    }

    @Test
    void aLargeExportDecidedByThreeThreadsSendsOnlyItsChangedRows(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.delivery.detection-threads", "3"))) {
            // Two chunks of 500 and one of 200: each cut in parts decided at the same time.
            String export = "id,name\n" + IntStream.rangeClosed(1, 1200).mapToObj(i -> "BIG-" + i + ",Client " + i + "\n")
                    .collect(Collectors.joining());
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "big-1.csv", export)).extracting(Row::outcome)
                    .containsOnly("created").hasSize(1200);
            // (The sandbox's request journal keeps fewer requests than this: its counters tell.)
            long creates = sandbox.stats().at("/cor/operations/clients.create/requests").asLong();
            long updates = sandbox.stats().at("/cor/operations/clients.update/requests").asLong();
            assertThat(creates).isEqualTo(1200);

            AtomicInteger routed = countRecordRoutes(ferry);

            // One row changed in each part of the first chunk, and one in the last chunk.
            Set<Integer> changed = Set.of(10, 180, 300, 499, 1150);
            String again = "id,name\n" + IntStream.rangeClosed(1, 1200).mapToObj(i -> "BIG-" + i + ",Client " + i
                    + (changed.contains(i) ? " renamed" : "") + "\n").collect(Collectors.joining());
            List<Row> rows = ferry.deliver(Targets.COR_CLIENTS, "big-2.csv", again);
            assertThat(rows).hasSize(1200);
            assertThat(rows).filteredOn(r -> r.outcome().equals("updated")).extracting(Row::externalId)
                    .containsExactlyInAnyOrderElementsOf(changed.stream().map(i -> "BIG-" + i).toList());
            assertThat(rows).filteredOn(r -> r.outcome().equals("unchanged")).hasSize(1195);
            // Only the changed rows went through the record route: every part decided its unchanged rows.
            assertThat(routed).hasValue(5);
            assertThat(sandbox.stats().at("/cor/operations/clients.create/requests").asLong()).isEqualTo(creates);
            assertThat(sandbox.stats().at("/cor/operations/clients.update/requests").asLong()).isEqualTo(updates + 5);
        }
    }

    @Test
    void unchangedRecordsAreSettledWithoutGoingThroughTheRecordRoute(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of())) {
            ferry.deliver(Targets.COR_CLIENTS, "export-1.csv", CLIENTS);
            AtomicInteger routed = countRecordRoutes(ferry);

            assertThat(ferry.deliver(Targets.COR_CLIENTS, "export-2.csv", CLIENTS)).extracting(Row::outcome)
                    .containsOnly("unchanged").hasSize(3);
            // The report is complete, so every record has ended: none of them was sent to the record route.
            assertThat(routed).hasValue(0);
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "export-3.csv", "id,name\nCD-1,One changed\n"))
                    .extracting(Row::outcome).containsExactly("updated");
            assertThat(routed).hasValue(1);
        }
    }

    @Test
    void aRecordLikeTheLastDeliveredAfterAChangeOfTheSameEntityIsSentAfterIt(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of())) {
            ferry.deliver(Targets.COR_CLIENTS, "export-1.csv", CLIENTS);
            int before = corCalls(sandbox).size();

            // Row 2 equals what the id map holds, but row 1 changes it first: row 2 must be sent after row 1.
            List<Row> rows = ferry.deliver(Targets.COR_CLIENTS, "back-and-forth.csv",
                    "id,name\nCD-2,Two renamed\nCD-2,Two\nCD-3,Three\n");
            assertThat(rows).extracting(Row::externalId, Row::outcome).containsExactlyInAnyOrder(
                    tuple("CD-2", "updated"), tuple("CD-2", "updated"), tuple("CD-3", "unchanged"));
            assertThat(corCalls(sandbox).subList(before, corCalls(sandbox).size()))
                    .extracting(r -> r.method() + " " + r.path() + " " + r.body().contains("Two renamed"))
                    .containsExactly("PUT /cor/v2/integrations/clients/CD-2 true",
                            "PUT /cor/v2/integrations/clients/CD-2 false");
        }
    }

    @Test
    void aRecordLikeTheLastDeliveredIsSentAfterAChangeOfItsEntityAtTheEndOfThePreviousChunk(@TempDir Path dir)
            throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of())) {
            String filler = IntStream.rangeClosed(1, 499).mapToObj(i -> "FILL-" + i + ",Filler " + i + "\n")
                    .collect(Collectors.joining());
            ferry.deliver(Targets.COR_CLIENTS, "export-1.csv", "id,name\n" + filler + "CD-2,Two\n");
            int before = corCalls(sandbox).size();

            // Row 500 ends the first chunk and changes CD-2; row 501 starts the next one, which is decided while the
            // first is handed over: it equals what the id map held before row 500, and must be sent after row 500.
            List<Row> rows = ferry.deliver(Targets.COR_CLIENTS, "across-chunks.csv",
                    "id,name\n" + filler + "CD-2,Two renamed\nCD-2,Two\n");
            assertThat(rows).hasSize(501).filteredOn(r -> r.externalId().equals("CD-2")).extracting(Row::outcome)
                    .containsExactly("updated", "updated");
            assertThat(rows).filteredOn(r -> r.outcome().equals("unchanged")).hasSize(499);
            assertThat(corCalls(sandbox).subList(before, corCalls(sandbox).size()))
                    .extracting(r -> r.method() + " " + r.path() + " " + r.body().contains("Two renamed"))
                    .containsExactly("PUT /cor/v2/integrations/clients/CD-2 true",
                            "PUT /cor/v2/integrations/clients/CD-2 false");
        }
    }

    @Test
    void aFailedDeliveryIsNotRememberedAsDelivered(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of())) {
            ferry.deliver(Targets.COR_CLIENTS, "first.csv", "id,name\nCD-9,Nine\n");
            // A rejected update (a source COR does not know) leaves the stored hash of the last delivered payload.
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "bad.csv", "id,name,metadata.source\nCD-9,Nine,EXCEL\n"))
                    .extracting(Row::outcome).containsExactly("rejected");
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "same-as-first.csv", "id,name\nCD-9,Nine\n"))
                    .extracting(Row::outcome).containsExactly("unchanged");
        }
    }

    @Test
    void forceResendSendsIdenticalRecordsAgain(@TempDir Path dir) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of("ferry.force-resend", "true"))) {
            ferry.deliver(Targets.COR_CLIENTS, "export-1.csv", CLIENTS);
            int before = corCalls(sandbox).size();
            assertThat(ferry.deliver(Targets.COR_CLIENTS, "export-2.csv", CLIENTS)).extracting(Row::outcome)
                    .containsOnly("updated").hasSize(3);
            assertThat(corCalls(sandbox).size() - before).isEqualTo(3);
        }
    }

    @Test
    void complyCubeClientsAreNotSentAgainWhenUnchanged(@TempDir Path dir) throws Exception {
        String csv = "externalId,type,email,personDetails.firstName,personDetails.lastName\n"
                + "CDC-1,person,cdc1@example.com,Ann,Lee\nCDC-2,person,cdc2@example.com,Bob,Lee\n";
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
             FerryUnderTest ferry = new FerryUnderTest(dir, sandbox, Map.of())) {
            assertThat(ferry.deliver(Targets.COMPLYCUBE_CLIENTS, "cc-1.csv", csv)).extracting(Row::outcome)
                    .containsOnly("created");
            List<RecordedRequest> before = complyCubeCalls(sandbox);
            assertThat(ferry.deliver(Targets.COMPLYCUBE_CLIENTS, "cc-2.csv", csv)).extracting(Row::outcome)
                    .containsOnly("unchanged").hasSize(2);
            assertThat(complyCubeCalls(sandbox)).hasSameSizeAs(before);
        }
    }

    // Counts the records sent to the record route from now on.
    private static AtomicInteger countRecordRoutes(FerryUnderTest ferry) throws Exception {
        AtomicInteger routed = new AtomicInteger();
        EventNotifierSupport counter = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeSentEvent sent
                        && sent.getEndpoint().getEndpointUri().startsWith("direct://record")) {
                    routed.incrementAndGet();
                }
            }
        };
        ferry.context().getManagementStrategy().addEventNotifier(counter);
        counter.start();
        return routed;
    }
}
