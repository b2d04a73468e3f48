package io.ferry.intake;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits CSV text into logical records the way an RFC 4180 lexer does (a quoted field may span lines), so that
 * Commons CSV parses one record at a time and a broken row can be skipped instead of swallowing the rest of the file.
 * An unbalanced quote is detected when the file ends, or the record grows past the limit, while a quoted field is
 * open: the record's first physical line is rejected and reading resumes on the line after it.
 */
final class CsvRecordSplitter {

    /**
     * One logical record: its text, the physical line it starts on, or the problem that made it unreadable and the
     * 0-based column the problem is in (-1 when not known).
     */
    record Chunk(String text, long line, String problem, int field) {

        Chunk(String text, long line, String problem) {
            this(text, line, problem, -1);
        }
    }

    private static final int NONE = -2;
    private static final char QUOTE = '"';

    private final Reader in;
    private final char delimiter;
    private final int maxChars;
    private final char[] buffer = new char[16384];
    private int position;
    private int length;
    private int peeked = NONE;
    // Text put back after a recovery; read before the rest of the input.
    private String pushback = "";
    private int pushbackPosition;
    private long line = 1;

    CsvRecordSplitter(Reader in, char delimiter, int maxChars) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxChars = maxChars;
    }

    /** The next logical record, or null at the end of the input. Blank lines are skipped. */
    Chunk next() throws IOException {
        StringBuilder text = new StringBuilder(128);
        boolean inQuotes = false;
        boolean fieldStart = true;
        int field = 0;
        long startLine = line;
        int firstNewline = -1;
        while (true) {
            int c = read();
            if (c < 0) {
                if (inQuotes) {
                    return recover(text, startLine, firstNewline, "unbalanced quote: a quoted field is never closed");
                }
                return isBlank(text) ? null : new Chunk(text.toString(), startLine, null);
            }
            if (inQuotes) {
                if (c == QUOTE) {
                    if (peek() == QUOTE) {
                        read();
                        text.append(QUOTE);
                    } else {
                        inQuotes = false;
                    }
                    text.append(QUOTE);
                } else {
                    if (c == '\r' || c == '\n') {
                        if (firstNewline < 0) {
                            firstNewline = text.length();
                        }
                        if (c == '\r' && peek() == '\n') {
                            text.append('\r');
                            c = read();
                        }
                        line++;
                    }
                    text.append((char) c);
                }
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                line++;
                if (!isBlank(text)) {
                    return new Chunk(text.toString(), startLine, null);
                }
                text.setLength(0);
                startLine = line;
                fieldStart = true;
                field = 0;
                continue;
            } else {
                if (c == QUOTE && fieldStart) {
                    inQuotes = true;
                }
                fieldStart = c == delimiter;
                if (fieldStart) {
                    field++;
                }
                text.append((char) c);
            }
            if (text.length() > maxChars) {
                if (inQuotes && firstNewline >= 0) {
                    return recover(text, startLine, firstNewline,
                            "unbalanced quote: a quoted field runs past " + maxChars + " characters");
                }
                skipRestOfLine();
                return new Chunk(null, startLine, "the row is longer than " + maxChars
                        + " characters (limit ferry.intake.max-record-chars)", field);
            }
        }
    }

    /** Rejects the first physical line of a record with an open quote and puts the rest back to be read again. */
    private Chunk recover(StringBuilder text, long startLine, int firstNewline, String problem) {
        if (firstNewline >= 0) {
            int restStart = firstNewline + 1;
            if (text.charAt(firstNewline) == '\r' && restStart < text.length() && text.charAt(restStart) == '\n') {
                restStart++;
            }
            unread(text.substring(restStart));
            line = startLine + 1;
        }
        return new Chunk(null, startLine, problem);
    }

    private void skipRestOfLine() throws IOException {
        int c;
        while ((c = read()) >= 0) {
            if (c == '\n' || c == '\r') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                line++;
                return;
            }
        }
    }

    private int read() throws IOException {
        if (peeked != NONE) {
            int c = peeked;
            peeked = NONE;
            return c;
        }
        if (pushbackPosition < pushback.length()) {
            return pushback.charAt(pushbackPosition++);
        }
        if (position == length) {
            length = in.read(buffer, 0, buffer.length);
            position = 0;
            if (length <= 0) {
                length = 0;
                return -1;
            }
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (peeked == NONE) {
            peeked = read();
        }
        return peeked;
    }

    private void unread(String text) {
        StringBuilder rest = new StringBuilder(text);
        if (peeked >= 0) {
            rest.append((char) peeked);
        }
        peeked = NONE;
        rest.append(pushback, pushbackPosition, pushback.length());
        pushback = rest.toString();
        pushbackPosition = 0;
    }

    private static boolean isBlank(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
