package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.record.Outcome;
import io.ferry.record.Outcome.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatcherTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<List<String>> sent = new CopyOnWriteArrayList<>();
    private final Batcher.Sender<String> sender = (group, items) -> {
        sent.add(items);
        return items.stream().map(i -> Outcome.delivered(Status.CREATED, 200, group + ":" + i)).toList();
    };

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void fullBatchIsSentAtOnceByTheSubmitterThatFilledIt() throws Exception {
        Batcher<String> batcher = new Batcher<>(3, Duration.ofHours(1), timer, sender);
        CompletableFuture<Outcome> a = batcher.submit("S", "a");
        batcher.submit("S", "b");
        assertThat(a).isNotDone();
        batcher.submit("S", "c");
        assertThat(sent).containsExactly(List.of("a", "b", "c"));
        assertThat(a.get(1, TimeUnit.SECONDS).vendorId()).isEqualTo("S:a");
    }

    @Test
    void partialBatchIsSentAfterTheWaitAndGroupsAreSeparate() throws Exception {
        Batcher<String> batcher = new Batcher<>(20, Duration.ofMillis(50), timer, sender);
        CompletableFuture<Outcome> a = batcher.submit("S1", "a");
        CompletableFuture<Outcome> b = batcher.submit("S2", "b");
        assertThat(a.get(5, TimeUnit.SECONDS).vendorId()).isEqualTo("S1:a");
        assertThat(b.get(5, TimeUnit.SECONDS).vendorId()).isEqualTo("S2:b");
        assertThat(sent).containsExactlyInAnyOrder(List.of("a"), List.of("b"));
    }

    @Test
    void aFailingSenderFailsItsRecordsInsteadOfLeavingThemWaiting() throws Exception {
        Batcher<String> batcher = new Batcher<>(1, Duration.ofHours(1), timer, (g, items) -> {
            throw new IllegalStateException("boom");
        });
        assertThat(batcher.submit("S", "a").get(1, TimeUnit.SECONDS).code()).isEqualTo("INTERNAL_ERROR");
    }

    @Test
    void closeFailsWhatWasNotSent() throws Exception {
        Batcher<String> batcher = new Batcher<>(20, Duration.ofHours(1), timer, sender);
        CompletableFuture<Outcome> a = batcher.submit("S", "a");
        batcher.close();
        assertThat(a.get(1, TimeUnit.SECONDS).code()).isEqualTo("SHUTDOWN");
        assertThat(sent).isEmpty();
    }
}
