package io.ferry.intake;

/** The input as a whole cannot be read (empty, binary, unknown format, bad header): it goes to .failed/. */
public class UnreadableInputException extends RuntimeException {

    public UnreadableInputException(String message) {
        super(message);
    }
}
