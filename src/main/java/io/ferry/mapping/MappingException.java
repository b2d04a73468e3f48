package io.ferry.mapping;

/** A mapping file that cannot be used: names the file and line, and stops start-up. */
public class MappingException extends RuntimeException {

    public MappingException(String file, int line, String message) {
        super(file + " line " + line + ": " + message);
    }
}
