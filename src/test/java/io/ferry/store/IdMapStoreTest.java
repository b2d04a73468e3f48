package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.store.IdMapStore.Claim;
import io.ferry.store.IdMapStore.Mapping;
import io.ferry.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The id map on H2; {@link IdMapStorePostgresIT} runs the same tests on PostgreSQL. */
class IdMapStoreTest {

    private final Store store = database("idmap").openStore(2);
    private final IdMapStore idMap = new IdMapStore(store.dataSource());

    /** A fresh database for one test. */
    TestDatabase database(String name) {
        return TestDatabase.h2(name);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void savesUpdatesKeepsKnownValuesAndForgets() {
        assertThat(idMap.isKnown("cor-clients", "C1")).isFalse();
        idMap.save("cor-clients", "C1", null, null);
        assertThat(idMap.find("cor-clients", "C1")).contains(new Mapping(null, null));
        idMap.save("cor-clients", "C1", "25855", "abc");
        idMap.save("cor-clients", "C1", null, "def");
        assertThat(idMap.find("cor-clients", "C1")).contains(new Mapping("25855", "def"));
        assertThat(idMap.isKnown("cor-contracts", "C1")).isFalse();
        idMap.forget("cor-clients", "C1");
        assertThat(idMap.isKnown("cor-clients", "C1")).isFalse();
    }

    @Test
    void writesOfManyThreadsAreEachStoredWhenTheirCallReturns() throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                results.add(threads.submit(() -> {
                    List<String> missing = new java.util.ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        String id = "G" + thread + "-" + i;
                        idMap.intendCreate("cor-clients", id);
                        idMap.saveNew("cor-clients", id, "v" + id, "h" + id, null);
                        // Read on another connection: committed, not just written.
                        if (!idMap.find("cor-clients", id).equals(Optional.of(new Mapping("v" + id, "h" + id)))
                                || idMap.createInterrupted("cor-clients", id)) {
                            missing.add(id);
                        }
                    }
                    return missing;
                }));
            }
            for (java.util.concurrent.Future<List<String>> result : results) {
                assertThat(result.get()).isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aWriteThatFailsFailsAloneAndLeavesTheOthersStored() {
        // A vendor id longer than the column: this write fails, the store goes on.
        String tooLong = "x".repeat(300);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> idMap.save("cor-clients", "BAD", tooLong, "h"))
                .hasMessageContaining("cannot write the id map");
        idMap.save("cor-clients", "GOOD", "1", "h");
        assertThat(idMap.isKnown("cor-clients", "BAD")).isFalse();
        assertThat(idMap.find("cor-clients", "GOOD")).contains(new Mapping("1", "h"));
    }

    @Test
    void findAllReadsTheMappingsAndCreateIntentsOfManyIdsAtOnce() {
        idMap.save("cor-clients", "A", "1", "ha");
        idMap.save("cor-contracts", "B", "2", "hb");
        idMap.intendCreate("cor-clients", "C");
        IdMapStore.Known known = idMap.findAll("cor-clients", List.of("A", "B", "C", "D"));
        assertThat(known.mappings()).containsOnly(java.util.Map.entry("A", new Mapping("1", "ha")));
        assertThat(known.intents()).containsExactly("C");
    }

    @Test
    void findAllReadsThousandsOfIdsWhateverTheyContain() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            ids.add("N-" + i);
        }
        // Ids a query could trip over: quotes, a comma, spaces, unicode, a prefix of another id, and repeats.
        List<String> odd = List.of("O'Brien", "a,b", " padded ", "Zoë-\u4e2d", "N-1", "N-10");
        ids.addAll(odd);
        ids.addAll(List.of("N-7", "N-7"));
        for (int i = 0; i < 2_500; i += 2) {
            idMap.save("cor-clients", "N-" + i, "v" + i, "h" + i);
        }
        idMap.save("cor-clients", "O'Brien", "vo", "ho");
        idMap.save("cor-clients", "a,b", "vab", "hab");
        idMap.save("cor-clients", "Zoë-\u4e2d", "vz", "hz");
        idMap.save("cor-contracts", " padded ", "other target", "h");
        idMap.intendCreate("cor-clients", "N-2499");
        idMap.intendCreate("cor-clients", " padded ");

        IdMapStore.Known known = idMap.findAll("cor-clients", ids);

        java.util.Map<String, Mapping> expected = new java.util.HashMap<>();
        for (int i = 0; i < 2_500; i += 2) {
            expected.put("N-" + i, new Mapping("v" + i, "h" + i));
        }
        expected.put("O'Brien", new Mapping("vo", "ho"));
        expected.put("a,b", new Mapping("vab", "hab"));
        expected.put("Zoë-\u4e2d", new Mapping("vz", "hz"));
        assertThat(known.mappings()).isEqualTo(expected);
        assertThat(known.intents()).containsExactlyInAnyOrder("N-2499", " padded ");
    }

    @Test
    void pinnedValuesAreSavedAndKeptUntilSavedAgain() {
        idMap.save("complycube-clients", "JD-1", "5f1a", "abc", "{\"type\":\"person\"}");
        idMap.save("complycube-clients", "JD-1", null, "def");
        assertThat(idMap.find("complycube-clients", "JD-1")).contains(new Mapping("5f1a", "def", "{\"type\":\"person\"}"));
        idMap.save("complycube-clients", "JD-1", null, null, "{\"type\":\"company\"}");
        assertThat(idMap.find("complycube-clients", "JD-1").orElseThrow().pinned()).isEqualTo("{\"type\":\"company\"}");
    }

    @Test
    void aStoreFromBeforeThePinnedColumnGetsIt() throws Exception {
        TestDatabase db = database("idmap_old");
        try (java.sql.Connection c = db.connect();
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ferry_id_map (target VARCHAR(100) NOT NULL, external_id VARCHAR(600) NOT NULL,"
                    + " vendor_id VARCHAR(200) NULL, payload_hash VARCHAR(64) NULL, updated_at TIMESTAMP NOT NULL,"
                    + " PRIMARY KEY (target, external_id))");
            s.execute("INSERT INTO ferry_id_map VALUES ('cor-clients', 'C1', '7', NULL, CURRENT_TIMESTAMP)");
            try (Store upgraded = db.openStore(1)) {
                IdMapStore map = new IdMapStore(upgraded.dataSource());
                assertThat(map.find("cor-clients", "C1")).contains(new Mapping("7", null, null));
                map.save("cor-clients", "C1", null, null, "{\"metadata.source\":\"SAP\"}");
                assertThat(map.find("cor-clients", "C1")).contains(new Mapping("7", null, "{\"metadata.source\":\"SAP\"}"));
            }
        }
    }

    @Test
    void aComplyCubeTypeKeptInTheOldKindColumnBecomesAPinnedValue() throws Exception {
        TestDatabase db = database("idmap_kind");
        try (java.sql.Connection c = db.connect();
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ferry_id_map (target VARCHAR(100) NOT NULL, external_id VARCHAR(600) NOT NULL,"
                    + " vendor_id VARCHAR(200) NULL, payload_hash VARCHAR(64) NULL, updated_at TIMESTAMP NULL,"
                    + " entity_kind VARCHAR(40) NULL, PRIMARY KEY (target, external_id))");
            s.execute("INSERT INTO ferry_id_map VALUES ('complycube-clients', 'JD-1', 'a1', 'h', CURRENT_TIMESTAMP,"
                    + " 'person')");
            s.execute("INSERT INTO ferry_id_map VALUES ('cor-clients', 'C1', '7', 'h', CURRENT_TIMESTAMP, NULL)");
            try (Store upgraded = db.openStore(1)) {
                IdMapStore map = new IdMapStore(upgraded.dataSource());
                assertThat(map.find("complycube-clients", "JD-1")).contains(new Mapping("a1", "h", "{\"type\":\"person\"}"));
                assertThat(map.find("cor-clients", "C1")).contains(new Mapping("7", "h", null));
            }
            // Started again, there is nothing left to move.
            try (Store again = db.openStore(1)) {
                assertThat(new IdMapStore(again.dataSource()).find("complycube-clients", "JD-1").orElseThrow().pinned())
                        .isEqualTo("{\"type\":\"person\"}");
            }
        }
    }

    @Test
    void schemaCreationIsIdempotent() {
        TestDatabase db = database("idmap_twice");
        try (Store again = db.openStore(1); Store third = db.openStore(1)) {
            new IdMapStore(third.dataSource()).save("t", "x", "1", null);
            assertThat(new IdMapStore(again.dataSource()).find("t", "x")).contains(new Mapping("1", null));
        }
    }

    @Test
    void aCreateIntentStandsUntilTheEntityIsSavedOrTheIntentDropped() {
        idMap.intendCreate("cor-clients", "C1");
        idMap.intendCreate("cor-clients", "C1");
        idMap.intendCreate("cor-clients", "C2");
        assertThat(idMap.createInterrupted("cor-clients", "C1")).isTrue();
        assertThat(idMap.isKnown("cor-clients", "C1")).as("an intent is not a known entity").isFalse();

        idMap.save("cor-clients", "C1", "25855", "abc");
        idMap.dropIntent("cor-clients", "C2");

        assertThat(idMap.createInterrupted("cor-clients", "C1")).isFalse();
        assertThat(idMap.createInterrupted("cor-clients", "C2")).isFalse();
        assertThat(idMap.find("cor-clients", "C1")).contains(new Mapping("25855", "abc"));
    }

    @Test
    void anotherInstancesFreshClaimMakesTheCreateWaitAndAStaleOneIsTakenOverOnce() {
        TestDatabase db = database("claims");
        try (Store first = db.openStore(2); Store second = db.openStore(2); Store third = db.openStore(2)) {
            IdMapStore a = new IdMapStore(first.dataSource(), "instance-a", Duration.ofMinutes(5));
            IdMapStore b = new IdMapStore(second.dataSource(), "instance-b", Duration.ofMinutes(5));
            // The same instance, for which any claim is already older than its lease.
            IdMapStore bImpatient = new IdMapStore(third.dataSource(), "instance-c", Duration.ZERO);

            assertThat(a.claimCreate("cor-clients", "C1")).isEqualTo(Claim.NEW);
            assertThatThrownBy(() -> b.claimCreate("cor-clients", "C1"))
                    .isInstanceOf(CreateInProgressException.class).hasMessageContaining("instance-a");
            assertThat(a.claimCreate("cor-clients", "C1")).as("a's own intent: interrupted, renewed")
                    .isEqualTo(Claim.INTERRUPTED);

            assertThat(bImpatient.claimCreate("cor-clients", "C1")).as("stale: taken over").isEqualTo(Claim.INTERRUPTED);
            assertThatThrownBy(() -> a.claimCreate("cor-clients", "C1")).as("a lost its claim")
                    .isInstanceOf(CreateInProgressException.class).hasMessageContaining("instance-c");

            a.dropIntent("cor-clients", "C1");
            assertThat(a.createInterrupted("cor-clients", "C1")).as("a drops only its own intents").isTrue();
            bImpatient.saveNew("cor-clients", "C1", "25855", "abc", null);
            assertThat(a.createInterrupted("cor-clients", "C1")).isFalse();
            assertThat(b.claimCreate("cor-clients", "C2")).isEqualTo(Claim.NEW);
        }
    }

    @Test
    void claimAllClaimsTheNewIdsInOneGoAndLeavesThoseWithAnIntentOrAMappingAlone() {
        TestDatabase db = database("claim-all");
        try (Store first = db.openStore(2); Store second = db.openStore(2)) {
            IdMapStore a = new IdMapStore(first.dataSource(), "instance-a", Duration.ofMinutes(5));
            IdMapStore b = new IdMapStore(second.dataSource(), "instance-b", Duration.ofMinutes(5));
            assertThat(b.claimCreate("cor-clients", "C2")).isEqualTo(Claim.NEW);
            b.save("cor-clients", "C3", "300", "h3");

            assertThat(a.claimAll("cor-clients", List.of("C1", "C2", "C3", "C4", "C1")))
                    .containsExactlyInAnyOrder("C1", "C4");

            assertThat(a.createInterrupted("cor-clients", "C1")).isTrue();
            assertThat(a.createInterrupted("cor-clients", "C3")).as("mapped: its intent is not left behind").isFalse();
            assertThatThrownBy(() -> b.claimCreate("cor-clients", "C4")).as("a's claim holds for other instances")
                    .isInstanceOf(CreateInProgressException.class).hasMessageContaining("instance-a");
            assertThat(a.claimAll("cor-clients", List.of())).isEmpty();
        }
    }

    @Test
    void anEntityAndItsCreateIntentShareARowWithoutOneHidingTheOther() {
        idMap.save("cor-clients", "K1", "1", "h1");
        assertThat(idMap.claimCreate("cor-clients", "K1")).as("a known entity without intent: claimed anew")
                .isEqualTo(Claim.NEW);
        idMap.claimAll("cor-clients", List.of("N1"));
        IdMapStore.Known known = idMap.findAll("cor-clients", List.of("K1", "N1", "X1"));
        assertThat(known.mappings()).containsOnly(java.util.Map.entry("K1", new Mapping("1", "h1")));
        assertThat(known.intents()).containsExactlyInAnyOrder("K1", "N1");
        assertThat(idMap.find("cor-clients", "N1")).as("an intent alone is no entity").isEmpty();

        idMap.dropIntent("cor-clients", "K1");
        assertThat(idMap.find("cor-clients", "K1")).as("dropping the intent keeps the entity")
                .contains(new Mapping("1", "h1"));
        assertThat(idMap.createInterrupted("cor-clients", "K1")).isFalse();

        idMap.claimCreate("cor-clients", "K1");
        idMap.forget("cor-clients", "K1");
        assertThat(idMap.isKnown("cor-clients", "K1")).isFalse();
        assertThat(idMap.createInterrupted("cor-clients", "K1")).as("forgetting the entity keeps the intent").isTrue();
        idMap.dropIntent("cor-clients", "K1");
        idMap.dropIntent("cor-clients", "N1");
        assertThat(idMap.findAll("cor-clients", List.of("K1", "N1")).intents()).isEmpty();
        assertThat(idMap.claimAll("cor-clients", List.of("K1", "N1"))).as("no row left behind")
                .containsExactlyInAnyOrder("K1", "N1");
    }

    @Test
    void aClaimIsRenewedByItsOwnerOnlyWhileItIsStillItsOwn() {
        TestDatabase db = database("renew");
        try (Store first = db.openStore(2); Store second = db.openStore(2)) {
            IdMapStore a = new IdMapStore(first.dataSource(), "instance-a", Duration.ofMinutes(5));
            IdMapStore impatient = new IdMapStore(second.dataSource(), "instance-b", Duration.ZERO);
            assertThat(a.claimAll("cor-clients", List.of("C1"))).containsExactly("C1");
            assertThat(a.renewClaim("cor-clients", "C1")).isTrue();
            assertThat(impatient.renewClaim("cor-clients", "C1")).as("not b's claim").isFalse();

            assertThat(impatient.claimCreate("cor-clients", "C1")).as("taken over").isEqualTo(Claim.INTERRUPTED);
            assertThat(a.renewClaim("cor-clients", "C1")).as("a lost it").isFalse();
            assertThat(a.renewClaim("cor-clients", "C9")).as("no claim at all").isFalse();
        }
    }

    @Test
    void theCreateIntentsOfAnOlderStoreAreMovedIntoTheIdMap() throws Exception {
        TestDatabase db = database("claims_old");
        try (java.sql.Connection c = db.connect(); java.sql.Statement old = c.createStatement()) {
            // The layout before intents moved into the id map's rows, with an intent from before owners were recorded.
            old.execute("CREATE TABLE ferry_id_map (target VARCHAR(100) NOT NULL, external_id VARCHAR(600) NOT NULL,"
                    + " vendor_id VARCHAR(200) NULL, payload_hash VARCHAR(64) NULL, updated_at TIMESTAMP NOT NULL,"
                    + " entity_kind VARCHAR(40) NULL, PRIMARY KEY (target, external_id))");
            old.execute("CREATE TABLE ferry_create_intent (target VARCHAR(100) NOT NULL,"
                    + " external_id VARCHAR(600) NOT NULL, created_at TIMESTAMP NOT NULL,"
                    + " PRIMARY KEY (target, external_id))");
            old.execute("INSERT INTO ferry_create_intent VALUES ('cor-clients', 'OLD-1', CURRENT_TIMESTAMP)");
            old.execute("ALTER TABLE ferry_create_intent ADD COLUMN owner VARCHAR(100) NULL");
            old.execute("ALTER TABLE ferry_create_intent ADD COLUMN claimed_at TIMESTAMP NULL");
            old.execute("INSERT INTO ferry_create_intent VALUES"
                    + " ('cor-clients', 'FRESH-1', CURRENT_TIMESTAMP, 'instance-b', LOCALTIMESTAMP),"
                    + " ('cor-clients', 'M-1', CURRENT_TIMESTAMP, 'instance-a', LOCALTIMESTAMP)");
            old.execute("INSERT INTO ferry_id_map VALUES ('cor-clients', 'M-1', '7', 'h7', CURRENT_TIMESTAMP, NULL),"
                    + " ('cor-clients', 'M-2', '8', 'h8', CURRENT_TIMESTAMP, NULL)");
        }
        try (Store upgraded = db.openStore(1); Store again = db.openStore(1)) {
            IdMapStore a = new IdMapStore(upgraded.dataSource(), "instance-a", Duration.ofMinutes(5));
            assertThat(a.claimCreate("cor-clients", "OLD-1")).as("without owner: left by a stopped instance")
                    .isEqualTo(Claim.INTERRUPTED);
            assertThatThrownBy(() -> a.claimCreate("cor-clients", "FRESH-1")).as("b's claim still stands")
                    .isInstanceOf(CreateInProgressException.class).hasMessageContaining("instance-b");
            assertThat(a.find("cor-clients", "M-1")).contains(new Mapping("7", "h7"));
            assertThat(a.createInterrupted("cor-clients", "M-1")).isTrue();
            assertThat(a.claimCreate("cor-clients", "M-1")).as("a's own intent").isEqualTo(Claim.INTERRUPTED);
            assertThat(a.createInterrupted("cor-clients", "M-2")).isFalse();
            assertThat(a.find("cor-clients", "M-2")).contains(new Mapping("8", "h8"));
        }
        try (java.sql.Connection c = db.connect()) {
            assertThat(c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})).satisfies(tables -> {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
                }
                assertThat(names).contains("ferry_id_map").doesNotContain("ferry_create_intent");
            });
        }
    }

    @Test
    void twoInstancesRacingForTheSameEntitiesGetExactlyOneClaimEach() throws Exception {
        TestDatabase db = database("claims_race");
        int entities = 100;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Store first = db.openStore(2); Store second = db.openStore(2)) {
            List<IdMapStore> instances = List.of(
                    new IdMapStore(first.dataSource(), "instance-a", Duration.ofMinutes(5)),
                    new IdMapStore(second.dataSource(), "instance-b", Duration.ofMinutes(5)));
            // Both threads start every claim together.
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<List<Boolean>>> results = new ArrayList<>();
            for (IdMapStore instance : instances) {
                results.add(threads.submit(() -> {
                    List<Boolean> won = new ArrayList<>();
                    for (int i = 0; i < entities; i++) {
                        together.await(10, TimeUnit.SECONDS);
                        try {
                            won.add(instance.claimCreate("cor-clients", "R-" + i) == Claim.NEW);
                        } catch (CreateInProgressException e) {
                            won.add(false);
                        }
                    }
                    return won;
                }));
            }
            List<Boolean> a = results.get(0).get(60, TimeUnit.SECONDS);
            List<Boolean> b = results.get(1).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < entities; i++) {
                assertThat(a.get(i) ^ b.get(i)).as("exactly one instance may create R-" + i).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCreateMappedMeanwhileToAnotherVendorIdIsAConflictNotAnOverwrite() {
        TestDatabase db = database("claims_conflict");
        try (Store first = db.openStore(1); Store second = db.openStore(1)) {
            IdMapStore a = new IdMapStore(first.dataSource(), "instance-a", Duration.ofMinutes(5));
            IdMapStore b = new IdMapStore(second.dataSource(), "instance-b", Duration.ZERO);
            a.claimCreate("clemta-contacts", "E1");
            a.saveNew("clemta-contacts", "E1", "v-1", "abc", null);
            b.claimCreate("clemta-contacts", "E1");
            assertThatThrownBy(() -> b.saveNew("clemta-contacts", "E1", "v-2", "def", null))
                    .isInstanceOf(VendorIdConflictException.class).hasMessageContaining("v-1").hasMessageContaining("v-2");
            assertThat(a.find("clemta-contacts", "E1")).contains(new Mapping("v-1", "abc"));
            assertThat(a.createInterrupted("clemta-contacts", "E1")).as("b's intent ends with its answer").isFalse();

            b.saveNew("clemta-contacts", "E1", "v-1", "ghi", null);
            assertThat(a.find("clemta-contacts", "E1")).contains(new Mapping("v-1", "ghi"));
        }
    }
}
