package io.ferry.report;

import io.ferry.store.RunStore;
import io.ferry.store.RunStore.Run;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the runs that ended longer ago than the retention period (ferry.history.retention), with their reports and
 * the copies of their files, once a day (routes/history.camel.yaml). A period of zero keeps everything.
 */
public final class HistoryRetention {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRetention.class);

    /** What one purge removed. */
    public record Removed(int runs, int reports, int copies) {
    }

    private final RunStore runs;
    private final Path reportsDir;
    private final Path inboxDir;
    private final Duration retention;
    private final Clock clock;

    public HistoryRetention(RunStore runs, Path reportsDir, Path inboxDir, Duration retention, Clock clock) {
        this.runs = runs;
        this.reportsDir = reportsDir;
        this.inboxDir = inboxDir;
        this.retention = retention;
        this.clock = clock;
    }

    /** Removes what is older than the period; logs a line when anything went. */
    public Removed purge() {
        if (retention.isZero()) {
            return new Removed(0, 0, 0);
        }
        Instant cutoff = clock.instant().minus(retention);
        List<Run> old = runs.endedBefore(cutoff);
        int reports = 0;
        int copies = 0;
        for (Run run : old) {
            reports += delete(reportsDir, run.report());
            copies += delete(inboxDir, run.kept());
            runs.delete(run.id());
        }
        Removed removed = new Removed(old.size(), reports, copies);
        if (!old.isEmpty()) {
            LOG.info("History: removed {} runs that ended before {} ({} reports, {} processed files; "
                    + "ferry.history.retention is {} days)", removed.runs(), cutoff, reports, copies, retention.toDays());
        }
        return removed;
    }

    // Deletes a run's file below root, and the day folder it leaves empty; 1 when a file went.
    private static int delete(Path root, String relative) {
        if (relative == null) {
            return 0;
        }
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root)) {
            return 0;
        }
        try {
            boolean deleted = Files.deleteIfExists(file);
            Path folder = file.getParent();
            if (folder != null && !folder.equals(root)) {
                try {
                    Files.deleteIfExists(folder);
                } catch (DirectoryNotEmptyException stillUsed) {
                    // other runs of that day are kept
                }
            }
            return deleted ? 1 : 0;
        } catch (IOException e) {
            LOG.warn("History: cannot delete {}: {}", file, e.toString());
            return 0;
        }
    }
}
