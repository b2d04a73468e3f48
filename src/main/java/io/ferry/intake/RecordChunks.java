package io.ferry.intake;

import io.ferry.record.Record;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The records of an input in consecutive chunks of up to {@code size}, in input order; closing it closes the input.
 *
 * <p>With a read-ahead executor, the next chunk is read there while the caller works on the one it got: the input is
 * then read by one thread at a time, handed over through the chunk's future. A file re-sent unchanged spends its time
 * deciding chunks on every core and reading them on one; read ahead, the reading no longer leaves the other cores
 * idle. Whatever reading the next chunk throws is thrown where it would have been without read-ahead, by
 * {@link #hasNext} or {@link #next}.
 */
public final class RecordChunks implements Iterator<List<Record>>, Closeable {

    private final RecordIterator records;
    private final int size;
    private final Executor readAhead;
    // The next chunk, being read ahead; null when nothing is (no read-ahead, or before the first chunk).
    private CompletableFuture<List<Record>> ahead;

    public RecordChunks(RecordIterator records, int size) {
        this(records, size, null);
    }

    /** @param readAhead where the next chunk is read while the caller handles this one; null reads it on demand */
    public RecordChunks(RecordIterator records, int size, Executor readAhead) {
        this.records = records;
        this.size = Math.max(1, size);
        this.readAhead = readAhead;
    }

    @Override
    public boolean hasNext() {
        return ahead != null ? !await().isEmpty() : records.hasNext();
    }

    @Override
    public List<Record> next() {
        List<Record> chunk;
        if (ahead != null) {
            chunk = await();
            ahead = null;
        } else {
            chunk = read();
        }
        if (chunk.isEmpty()) {
            throw new NoSuchElementException();
        }
        if (readAhead != null) {
            ahead = CompletableFuture.supplyAsync(this::read, readAhead);
        }
        return chunk;
    }

    private List<Record> read() {
        List<Record> chunk = new ArrayList<>(size);
        while (chunk.size() < size && records.hasNext()) {
            chunk.add(records.next());
        }
        return chunk;
    }

    private List<Record> await() {
        try {
            return ahead.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (ahead != null) {
            // The input is closed only once the read ahead is done with it; what it read is dropped.
            try {
                ahead.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                // Reading further failed; the caller has its own failure, or stopped reading on purpose.
            }
            ahead = null;
        }
        records.close();
    }
}
