package io.ferry.record;

/**
 * Where a record came from: a file and its 1-based row, or a queue message and the record's index in it.
 *
 * @param kind     {@code file} or {@code queue}
 * @param name     the file name, or the queue name
 * @param row      1-based row: CSV data row after the header, JSON array element, NDJSON line, or index within a message
 * @param messageId the broker's message id for queue records, else null
 */
public record Source(String kind, String name, long row, String messageId) {

    public static Source file(String fileName, long row) {
        return new Source("file", fileName, row, null);
    }

    public static Source queue(String queue, String messageId, long index) {
        return new Source("queue", queue, index, messageId);
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
