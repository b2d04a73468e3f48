package io.ferry.sandbox;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Makes 24-hex ids shaped like MongoDB ObjectIds (time, random, counter), as ComplyCube and Clemta use. */
final class HexIds {

    private final AtomicInteger counter = new AtomicInteger(ThreadLocalRandom.current().nextInt());
    private final long random = ThreadLocalRandom.current().nextLong() & 0xFF_FFFF_FFFFL;

    String next() {
        long seconds = System.currentTimeMillis() / 1000;
        return String.format("%08x%010x%06x", seconds & 0xFFFF_FFFFL, random, counter.getAndIncrement() & 0xFF_FFFF);
    }
}
