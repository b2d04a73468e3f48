package io.ferry.sandbox;

import java.util.concurrent.ThreadLocalRandom;

/** Draws, per request, which configured fault (if any) applies and how much latency is added. */
final class FaultInjector {

    InjectedFault draw(Faults faults) {
        double total = faults.rate500() + faults.rate503() + faults.rate429() + faults.rateReset() + faults.rateStall();
        if (total <= 0) {
            return InjectedFault.NONE;
        }
        // One draw against cumulative bands keeps the configured probabilities exact and exclusive.
        double r = ThreadLocalRandom.current().nextDouble();
        double band = faults.rate500();
        if (r < band) {
            return InjectedFault.SERVER_ERROR;
        }
        band += faults.rate503();
        if (r < band) {
            return InjectedFault.UNAVAILABLE;
        }
        band += faults.rate429();
        if (r < band) {
            return InjectedFault.TOO_MANY_REQUESTS;
        }
        band += faults.rateReset();
        if (r < band) {
            return InjectedFault.RESET;
        }
        band += faults.rateStall();
        return r < band ? InjectedFault.STALL : InjectedFault.NONE;
    }

    long latencyMs(Faults faults) {
        long random = faults.randomLatencyMs() > 0
                ? ThreadLocalRandom.current().nextLong(faults.randomLatencyMs() + 1)
                : 0;
        return faults.latencyMs() + random;
    }
}
