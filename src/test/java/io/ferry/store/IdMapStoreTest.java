package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.store.IdMapStore.Mapping;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdMapStoreTest {

    private final Store store = new Store("jdbc:h2:mem:idmap-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    private final IdMapStore idMap = new IdMapStore(store.dataSource());

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
    void theKindIsSavedAndKeptUntilTheVendorSaysOtherwise() {
        idMap.save("complycube-clients", "JD-1", "5f1a", "abc", "person");
        idMap.save("complycube-clients", "JD-1", null, "def");
        assertThat(idMap.find("complycube-clients", "JD-1")).contains(new Mapping("5f1a", "def", "person"));
        idMap.save("complycube-clients", "JD-1", null, null, "company");
        assertThat(idMap.find("complycube-clients", "JD-1").orElseThrow().kind()).isEqualTo("company");
    }

    @Test
    void aStoreFromBeforeTheKindColumnGetsIt() throws Exception {
        String url = "jdbc:h2:mem:idmap-old-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ferry_id_map (target VARCHAR(100) NOT NULL, external_id VARCHAR(600) NOT NULL,"
                    + " vendor_id VARCHAR(200) NULL, payload_hash VARCHAR(64) NULL, updated_at TIMESTAMP NOT NULL,"
                    + " PRIMARY KEY (target, external_id))");
            s.execute("INSERT INTO ferry_id_map VALUES ('cor-clients', 'C1', '7', NULL, CURRENT_TIMESTAMP)");
            try (Store upgraded = new Store(url, "sa", "", 1)) {
                IdMapStore map = new IdMapStore(upgraded.dataSource());
                assertThat(map.find("cor-clients", "C1")).contains(new Mapping("7", null, null));
                map.save("cor-clients", "C1", null, null, "person");
                assertThat(map.find("cor-clients", "C1")).contains(new Mapping("7", null, "person"));
            }
        }
    }

    @Test
    void schemaCreationIsIdempotent() {
        try (Store again = new Store("jdbc:h2:mem:idmap-twice;DB_CLOSE_DELAY=-1", "sa", "", 1);
             Store third = new Store("jdbc:h2:mem:idmap-twice;DB_CLOSE_DELAY=-1", "sa", "", 1)) {
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
}
