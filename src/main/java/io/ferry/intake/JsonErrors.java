package io.ferry.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/** Ferry's words for a JSON error: a limit names its configuration key, anything else keeps Jackson's reason. */
final class JsonErrors {

    private JsonErrors() {
    }

    static String describe(JsonProcessingException e, IntakeLimits limits) {
        String reason = e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            if (reason.contains("nesting depth")) {
                return "nested deeper than " + limits.maxNestingDepth()
                        + " levels (limit ferry.intake.max-nesting-depth)";
            }
            if (reason.contains("length")) {
                return "a value longer than " + limits.maxRecordChars()
                        + " characters (limit ferry.intake.max-record-chars)";
            }
        }
        return reason;
    }
}
