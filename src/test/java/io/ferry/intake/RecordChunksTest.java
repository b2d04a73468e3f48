package io.ferry.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ferry.record.Record;
import io.ferry.record.Source;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Chunks with and without read-ahead: the same chunks in the same order; failures and closing as without it. */
class RecordChunksTest {

    private final ExecutorService readAhead = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        readAhead.shutdownNow();
    }

    /** Records 1..count; reading record failAt (if > 0) throws; the threads that read are counted. */
    private static final class Input implements RecordIterator {
        private final int count;
        private final int failAt;
        private final AtomicInteger read = new AtomicInteger();
        private final List<String> threads = new ArrayList<>();
        private final AtomicBoolean closed = new AtomicBoolean();

        Input(int count, int failAt) {
            this.count = count;
            this.failAt = failAt;
        }

        @Override
        public boolean hasNext() {
            return read.get() < count;
        }

        @Override
        public Record next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int row = read.incrementAndGet();
            synchronized (threads) {
                threads.add(Thread.currentThread().getName());
            }
            if (row == failAt) {
                throw new UncheckedIOException(new java.io.IOException("disk gone at row " + row));
            }
            return Record.of("cor-clients", Source.file("f.csv", row), "C" + row,
                    JsonNodeFactory.instance.objectNode().put("id", "C" + row));
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static List<List<Long>> rows(RecordChunks chunks) {
        List<List<Long>> all = new ArrayList<>();
        while (chunks.hasNext()) {
            all.add(chunks.next().stream().map(r -> r.source().row()).toList());
        }
        return all;
    }

    @Test
    void readAheadGivesTheSameChunksInTheSameOrderReadOnAnotherThread() throws Exception {
        Input plain = new Input(1_234, 0);
        Input ahead = new Input(1_234, 0);
        List<List<Long>> expected = rows(new RecordChunks(plain, 500));
        try (RecordChunks chunks = new RecordChunks(ahead, 500, readAhead)) {
            assertThat(rows(chunks)).isEqualTo(expected).hasSize(3);
            assertThatThrownBy(chunks::next).isInstanceOf(NoSuchElementException.class);
        }
        assertThat(expected.get(2)).hasSize(234).startsWith(1001L);
        assertThat(ahead.threads).as("chunks after the first are read ahead, on the executor's threads")
                .anyMatch(name -> !name.equals(Thread.currentThread().getName()));
        assertThat(ahead.closed).isTrue();
    }

    @Test
    void aFailureReadingAheadIsThrownWhenTheChunkIsAskedFor() throws Exception {
        Input input = new Input(2_000, 700);
        try (RecordChunks chunks = new RecordChunks(input, 500, readAhead)) {
            assertThat(chunks.hasNext()).isTrue();
            assertThat(chunks.next()).hasSize(500);
            assertThatThrownBy(chunks::hasNext).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("row 700");
        }
        assertThat(input.closed).isTrue();
    }

    @Test
    void closingWhileAChunkIsReadAheadWaitsForItThenClosesTheInput() throws Exception {
        Input input = new Input(5_000, 0);
        RecordChunks chunks = new RecordChunks(input, 500, readAhead);
        chunks.next();
        chunks.close();
        assertThat(input.closed).isTrue();
        assertThat(input.read.get()).as("the chunk read ahead was finished before the input closed").isEqualTo(1_000);
    }
}
