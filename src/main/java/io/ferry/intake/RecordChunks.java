package io.ferry.intake;

import io.ferry.record.Record;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** The records of an input in consecutive chunks of up to {@code size}, in input order; closing it closes the input. */
public final class RecordChunks implements Iterator<List<Record>>, Closeable {

    private final RecordIterator records;
    private final int size;

    public RecordChunks(RecordIterator records, int size) {
        this.records = records;
        this.size = Math.max(1, size);
    }

    @Override
    public boolean hasNext() {
        return records.hasNext();
    }

    @Override
    public List<Record> next() {
        if (!records.hasNext()) {
            throw new NoSuchElementException();
        }
        List<Record> chunk = new ArrayList<>(size);
        while (chunk.size() < size && records.hasNext()) {
            chunk.add(records.next());
        }
        return chunk;
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
