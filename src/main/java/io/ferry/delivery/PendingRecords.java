package io.ferry.delivery;

/**
 * The records of one input (a file) handed to the delivery lanes and not finished yet: counts them in and out, so the
 * input can wait for all of them ({@link DeliveryLanes#await}).
 */
public final class PendingRecords {
    private long pending;
    private long failures;
    // The last chunk handed to submit, being decided on the helper threads; handed over by the next submit or by
    // await (read and written by the input's reading thread only).
    private ChangeDetectionPipeline.Deciding deciding;

    synchronized void add() {
        pending++;
    }

    synchronized void done(boolean failed) {
        pending--;
        if (failed) {
            failures++;
        }
        if (pending == 0) {
            notifyAll();
        }
    }

    /** Waits until every record added is done; returns how many of them ended with an unexpected error. */
    synchronized long await() throws InterruptedException {
        while (pending > 0) {
            wait();
        }
        return failures;
    }

    ChangeDetectionPipeline.Deciding deciding() {
        return deciding;
    }

    void deciding(ChangeDetectionPipeline.Deciding next) {
        deciding = next;
    }
}
