package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Processed inputs on H2; {@link IdempotencyStorePostgresIT} runs the same tests on PostgreSQL. */
class IdempotencyStoreTest {

    private final TestDatabase db = database("processed");
    private final Store store = db.openStore(2);
    private final IdempotencyStore processed = new IdempotencyStore(store.dataSource());

    TestDatabase database(String name) {
        return TestDatabase.h2(name);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anInputIsAddedOncePerScope() {
        assertThat(processed.contains("file:cor-clients", "a.csv:123")).isFalse();
        assertThat(processed.add("file:cor-clients", "a.csv:123")).isTrue();
        assertThat(processed.add("file:cor-clients", "a.csv:123")).as("already processed").isFalse();
        assertThat(processed.contains("file:cor-clients", "a.csv:123")).isTrue();
        assertThat(processed.contains("file:clemta-contacts", "a.csv:123")).isFalse();
        assertThat(processed.add("file:clemta-contacts", "a.csv:123")).isTrue();
    }

    @Test
    void anotherInstanceOnTheSameDatabaseSeesItAndCannotAddItAgain() {
        try (Store other = db.openStore(1)) {
            IdempotencyStore second = new IdempotencyStore(other.dataSource());
            assertThat(processed.add("queue:cor-clients", "ID:1")).isTrue();
            assertThat(second.contains("queue:cor-clients", "ID:1")).isTrue();
            assertThat(second.add("queue:cor-clients", "ID:1")).isFalse();
        }
    }

    @Test
    void keysUpToTheirColumnWidthAreStored() {
        String key = "x".repeat(600);
        assertThat(processed.add("s".repeat(200), key)).isTrue();
        assertThat(processed.contains("s".repeat(200), key)).isTrue();
    }
}
