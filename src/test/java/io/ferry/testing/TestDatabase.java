package io.ferry.testing;

import io.ferry.store.Store;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fresh, empty database for one test: an in-memory H2 one, an H2 file, or one in the shared PostgreSQL test cluster.
 */
public record TestDatabase(String url, String user, String password) {

    private static final AtomicLong H2_NAMES = new AtomicLong(System.nanoTime());

    public static TestDatabase h2(String name) {
        return new TestDatabase("jdbc:h2:mem:" + name + "-" + H2_NAMES.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /**
     * An H2 file database in this directory with a write delay, as Ferry's own store is: commits reach the file only
     * when H2 writes the store, or at a CHECKPOINT.
     */
    public static TestDatabase h2File(java.nio.file.Path dir, String name) {
        return new TestDatabase("jdbc:h2:file:" + dir.resolve(name + "-" + H2_NAMES.incrementAndGet())
                + ";WRITE_DELAY=500", "sa", "");
    }

    public static TestDatabase postgres(String name) {
        PostgresServer.Database db = PostgresServer.newDatabase(name);
        return new TestDatabase(db.url(), db.user(), db.password());
    }

    /** Ferry's store on this database (its schema created), with a pool of the given size. */
    public Store openStore(int poolSize) {
        return new Store(url, user, password, poolSize);
    }

    public java.sql.Connection connect() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(url, user, password);
    }
}
