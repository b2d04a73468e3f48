package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VendorLimitTest {

    private static final long RTT = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long LATENCY_LIMIT = TimeUnit.SECONDS.toNanos(5);

    private final VendorLimit limit = new VendorLimit(8, 2, 64, 0.9, LATENCY_LIMIT);

    @Test
    void growsByOnePerAnswerUntilTheVendorFirstPushesBack() {
        for (int i = 0; i < 10; i++) {
            answer(limit.getLimit());
        }
        assertThat(limit.getLimit()).isEqualTo(18);
    }

    @Test
    void afterAPushBackGrowsByOnePerLimitsWorthOfAnswers() {
        answer(8);
        limit.onSample(0, RTT, 9, true);
        assertThat(limit.getLimit()).as("nine tenths of 9").isEqualTo(8);
        for (int i = 0; i < 7; i++) {
            answer(8);
        }
        assertThat(limit.getLimit()).as("7 answers at a limit of 8").isEqualTo(8);
        answer(8);
        assertThat(limit.getLimit()).as("the 8th").isEqualTo(9);
        for (int i = 0; i < 9; i++) {
            answer(9);
        }
        assertThat(limit.getLimit()).isEqualTo(10);
    }

    @Test
    void answersWhileMostOfTheLimitIsUnusedDoNotRaiseIt() {
        for (int i = 0; i < 20; i++) {
            limit.onSample(0, RTT, 3, false);
        }
        assertThat(limit.getLimit()).isEqualTo(8);
    }

    @Test
    void slowAnswersAndDropsShrinkItWithinItsBounds() {
        limit.onSample(0, LATENCY_LIMIT + 1, 8, false);
        assertThat(limit.getLimit()).as("an answer slower than the latency limit").isEqualTo(7);
        for (int i = 0; i < 30; i++) {
            limit.onSample(0, RTT, 8, true);
        }
        assertThat(limit.getLimit()).as("never below min").isEqualTo(2);

        VendorLimit nearMax = new VendorLimit(63, 2, 64, 0.9, LATENCY_LIMIT);
        for (int i = 0; i < 5; i++) {
            nearMax.onSample(0, RTT, 63, false);
        }
        assertThat(nearMax.getLimit()).as("never above max").isEqualTo(64);
    }

    private void answer(int inflight) {
        limit.onSample(0, RTT, inflight, false);
    }
}
