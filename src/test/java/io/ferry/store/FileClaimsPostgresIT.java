package io.ferry.store;

import io.ferry.testing.TestDatabase;

/** The file claim tests on a real PostgreSQL. */
class FileClaimsPostgresIT extends FileClaimsTest {

    @Override
    TestDatabase database(String name) {
        return TestDatabase.postgres(name);
    }
}
