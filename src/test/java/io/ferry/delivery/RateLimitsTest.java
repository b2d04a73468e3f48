package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void callsAtOnceAreSpacedOneIntervalApart() {
        RateLimits.Bucket bucket = new RateLimits.Bucket(10, 1);
        assertThat(bucket.reserve(0)).isZero();
        assertThat(bucket.reserve(0)).isEqualTo(100 * MS);
        assertThat(bucket.reserve(0)).isEqualTo(200 * MS);
        // A call arriving later than its slot goes at once.
        assertThat(bucket.reserve(1000 * MS)).isZero();
    }

    @Test
    void anIdleBucketSavesUpNoMoreThanTheBurst() {
        RateLimits.Bucket bucket = new RateLimits.Bucket(10, 3);
        bucket.reserve(0);
        long later = 10_000 * MS;
        assertThat(List.of(bucket.reserve(later), bucket.reserve(later), bucket.reserve(later), bucket.reserve(later)))
                .containsExactly(0L, 0L, 0L, 100 * MS);
    }

    @Test
    void neverMoreThanTheRateInAnyRollingSecond() {
        // The sandbox's (and ComplyCube's) rule: at most N calls in any rolling second.
        RateLimits.Bucket bucket = new RateLimits.Bucket(10 * 0.97, 1);
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sent.add(bucket.reserve(0));
        }
        for (int i = 10; i < sent.size(); i++) {
            assertThat(sent.get(i) - sent.get(i - 10)).isGreaterThan(1000 * MS);
        }
        // ...and close to it: 100 calls take under 10.5 s.
        assertThat(sent.get(99)).isLessThan(10_500 * MS);
    }

    @Test
    void anUnlimitedVendorNeverWaitsAndWaitsAreReported() {
        List<String> waits = new ArrayList<>();
        RateLimits limits = new RateLimits(v -> "fast".equals(v) ? 1000 : 0, v -> 1, 1.0);
        limits.listener((vendor, nanos) -> waits.add(vendor));
        limits.acquire("Slow");
        limits.acquire("Slow");
        limits.acquire("Fast");
        limits.acquire("Fast");
        assertThat(waits).containsExactly("fast");
    }

    @Test
    void headroomOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new RateLimits(v -> 1, v -> 1, 1.5)).hasMessageContaining("ferry.rate-limit.headroom");
    }
}
