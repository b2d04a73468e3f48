package io.ferry.intake;

import io.ferry.record.Record;
import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/** A stream of records read lazily from one input; closing it releases the input. */
public interface RecordIterator extends Iterator<Record>, Closeable {

    /** The records of {@code records} except those {@code skip} matches; closing it closes {@code records}. */
    static RecordIterator skipping(RecordIterator records, Predicate<Record> skip) {
        return new RecordIterator() {
            private Record next;

            @Override
            public boolean hasNext() {
                while (next == null && records.hasNext()) {
                    Record candidate = records.next();
                    if (!skip.test(candidate)) {
                        next = candidate;
                    }
                }
                return next != null;
            }

            @Override
            public Record next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Record record = next;
                next = null;
                return record;
            }

            @Override
            public void close() throws IOException {
                records.close();
            }
        };
    }
}
