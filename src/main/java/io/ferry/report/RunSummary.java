package io.ferry.report;

import io.ferry.record.Outcome.Status;
import java.util.Map;

/**
 * The counts of one input's outcomes and how long it took.
 *
 * @param name    the input (file name, or daily queue report name)
 * @param counts  records per outcome
 * @param seconds elapsed seconds since the input was opened
 */
public record RunSummary(String name, Map<Status, Long> counts, double seconds) {

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(Status status) {
        return counts.getOrDefault(status, 0L);
    }

    /** The summary log line: {@code <file>: N records — created a, updated b, ... in T s}. */
    public String line() {
        String dryRun = count(Status.WOULD_CREATE) + count(Status.WOULD_UPDATE) == 0 ? ""
                : String.format(java.util.Locale.ROOT, " (dry run: would create %d, would update %d)",
                count(Status.WOULD_CREATE), count(Status.WOULD_UPDATE));
        return String.format(java.util.Locale.ROOT,
                "%s: %d records — created %d, updated %d, unchanged %d, parked %d, rejected %d, failed %d%s in %.1f s",
                name, total(), count(Status.CREATED), count(Status.UPDATED), count(Status.UNCHANGED),
                count(Status.PARKED), count(Status.REJECTED), count(Status.FAILED), dryRun, seconds);
    }
}
