package io.ferry.store;

import io.ferry.testing.TestDatabase;

/** The id map tests on a real PostgreSQL (the shared test cluster, a fresh database per test). */
class IdMapStorePostgresIT extends IdMapStoreTest {

    @Override
    TestDatabase database(String name) {
        return TestDatabase.postgres(name);
    }
}
