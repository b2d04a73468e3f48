package io.ferry.intake;

import io.ferry.record.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/**
 * The iterator half of every reader: one record read ahead on demand, none after {@link #close()} (the splitter may ask
 * {@code hasNext()} again after closing the iterator). A reader supplies {@link #readNext()} and {@link #release()}.
 */
abstract class LazyRecordReader implements RecordIterator {

    private Record next;
    private boolean closed;

    /** The next record, or null at the end of the input. */
    protected abstract Record readNext() throws IOException;

    /** Closes the input. */
    protected abstract void release() throws IOException;

    @Override
    public final boolean hasNext() {
        if (closed) {
            return false;
        }
        if (next == null) {
            try {
                next = readNext();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public final Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Record record = next;
        next = null;
        return record;
    }

    @Override
    public final void close() throws IOException {
        closed = true;
        release();
    }
}
