package io.ferry.record;

/**
 * Where a record came from: a file and its 1-based row, or a queue message and the record's index in it; and the run
 * it belongs to.
 *
 * @param kind      {@code file} or {@code queue}
 * @param name      the file name, or the queue name
 * @param row       1-based row: CSV data row after the header, JSON array element, NDJSON line, or index within a message
 * @param messageId the broker's message id for queue records, else null
 * @param run       the run whose report has the record's row (the file's run, or the queue's run of the day); 0 when
 *                  not known (a record parked before runs were kept)
 */
public record Source(String kind, String name, long row, String messageId, long run) {

    public static Source file(String fileName, long row) {
        return file(fileName, row, 0);
    }

    public static Source file(String fileName, long row, long run) {
        return new Source("file", fileName, row, null, run);
    }

    public static Source queue(String queue, String messageId, long index) {
        return queue(queue, messageId, index, 0);
    }

    public static Source queue(String queue, String messageId, long index, long run) {
        return new Source("queue", queue, index, messageId, run);
    }

    public boolean isFile() {
        return "file".equals(kind);
    }

    /** The row as a report shows it: the row number for files, {@code messageId#index} for queue messages. */
    public String rowLabel() {
        return isFile() ? Long.toString(row) : messageId + "#" + row;
    }

    @Override
    public String toString() {
        return isFile() ? name + " row " + row : name + " message " + messageId + " #" + row;
    }
}
