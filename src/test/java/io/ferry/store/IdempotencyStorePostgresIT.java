package io.ferry.store;

import io.ferry.testing.TestDatabase;

/** The processed-inputs tests on a real PostgreSQL. */
class IdempotencyStorePostgresIT extends IdempotencyStoreTest {

    @Override
    TestDatabase database(String name) {
        return TestDatabase.postgres(name);
    }
}
