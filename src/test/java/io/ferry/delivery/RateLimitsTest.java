package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
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
    void aCallGoesOnlyWhenTheCallWindowSizeBeforeItWasAnsweredAWindowAgo() {
        RateLimits.Window window = new RateLimits.Window(3, 1000 * MS);
        assertThat(List.of(window.tryTake(0).ticket(), window.tryTake(0).ticket(), window.tryTake(0).ticket()))
                .containsExactly(0L, 1L, 2L);
        // Ticket 0 is still out: nobody knows when the vendor counted it, so ticket 3 waits for its answer.
        assertThat(window.tryTake(10 * MS).granted()).isFalse();
        window.completed(0, 50 * MS);
        assertThat(window.tryTake(60 * MS).waitNanos()).isEqualTo(990 * MS);
        assertThat(window.tryTake(1050 * MS)).isEqualTo(new RateLimits.Window.Take(3, 0));
        // A ticket never answered stops holding up the window after a while.
        assertThat(window.tryTake(1050 * MS).granted()).isFalse();
        assertThat(window.tryTake(RateLimits.Window.STALE_NANOS + 1000 * MS).ticket()).isEqualTo(4);
    }

    @Test
    void callsHeldUpByAVendorPauseNeverArriveMoreThanTheLimitInOneRollingSecond() {
        // 8 lanes call a vendor limited to 10 calls in any rolling second; the vendor stops for 150 ms every 2 s (a GC
        // pause): calls sent meanwhile arrive together when it resumes, answered 2 ms later.
        RateLimits.Bucket bucket = new RateLimits.Bucket(10 * 0.97, 1);
        RateLimits.Window window = RateLimits.Window.of(10);
        long[] readyAt = new long[8];
        long[] ticket = new long[8];
        long[] answerAt = new long[8];
        // readyAt: when the lane's token is due (-1: none reserved yet); ticket: the lane's call out (-1: none).
        Arrays.fill(readyAt, -1);
        Arrays.fill(ticket, -1);
        List<Long> arrivals = new ArrayList<>();
        for (long now = 0; arrivals.size() < 200; now += MS) {
            for (int lane = 0; lane < 8; lane++) {
                if (ticket[lane] >= 0) {
                    if (answerAt[lane] != now) {
                        continue;
                    }
                    window.completed(ticket[lane], now);
                    ticket[lane] = -1;
                }
                if (readyAt[lane] < 0) {
                    readyAt[lane] = now + bucket.reserve(now);
                }
                RateLimits.Window.Take take = readyAt[lane] <= now ? window.tryTake(now) : null;
                if (take != null && take.granted()) {
                    ticket[lane] = take.ticket();
                    readyAt[lane] = -1;
                    long sincePause = now % (2000 * MS);
                    long arrival = sincePause < 150 * MS ? now - sincePause + 150 * MS : now;
                    arrivals.add(arrival);
                    answerAt[lane] = arrival + 2 * MS;
                }
            }
        }
        arrivals.sort(Long::compare);
        for (int i = 10; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i) - arrivals.get(i - 10)).as("call %d", i).isGreaterThanOrEqualTo(1000 * MS);
        }
        // ...and still close to the limit: 200 calls in under 21 s (9.5/s, with a pause every 2 s).
        assertThat(arrivals.get(199)).isLessThan(21_000 * MS);
    }

    @Test
    void a429StopsTheTokensForItsRetryAfterWithoutSavingAnyUp() {
        RateLimits.Bucket bucket = new RateLimits.Bucket(10, 3);
        bucket.reserve(0);
        bucket.pushBack(100 * MS, 1000 * MS);
        assertThat(bucket.reserve(500 * MS)).isEqualTo(600 * MS);
        // At the end of the pause one call goes, the next ones evenly: no burst saved up during the pause.
        assertThat(List.of(bucket.reserve(1100 * MS), bucket.reserve(1100 * MS))).containsExactly(100 * MS, 200 * MS);
    }

    @Test
    void aVendorWithoutALimitWaitsOnlyForThePauseA429AskedFor() {
        RateLimits.Bucket bucket = new RateLimits.Bucket(0, 1);
        assertThat(bucket.reserve(0)).isZero();
        bucket.pushBack(100 * MS, 1000 * MS);
        assertThat(bucket.reserve(600 * MS)).isEqualTo(500 * MS);
        assertThat(List.of(bucket.reserve(1100 * MS), bucket.reserve(1100 * MS))).containsExactly(0L, 0L);
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
