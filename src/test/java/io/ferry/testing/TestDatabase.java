package io.ferry.testing;

import io.ferry.store.Store;
import java.util.concurrent.atomic.AtomicLong;

/** A fresh, empty database for one test: an in-memory H2 one, or one in the shared PostgreSQL test cluster. */
public record TestDatabase(String url, String user, String password) {

    private static final AtomicLong H2_NAMES = new AtomicLong(System.nanoTime());

    public static TestDatabase h2(String name) {
        return new TestDatabase("jdbc:h2:mem:" + name + "-" + H2_NAMES.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa", "");
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
