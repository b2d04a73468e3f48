package io.ferry.store;

import io.ferry.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The id map tests on an H2 file with a write delay, like Ferry's own store: id-map writes run alone without waiting
 * for the file, and claims are written to it with a CHECKPOINT (see {@link DurabilityPolicy}).
 */
class IdMapStoreH2FileTest extends IdMapStoreTest {

    @TempDir
    static Path dir;

    @Override
    TestDatabase database(String name) {
        return TestDatabase.h2File(dir, name);
    }
}
