package io.ferry.intake;

import java.nio.charset.Charset;
import java.util.Set;

/**
 * How input is read and the limits that keep one bad file from exhausting memory.
 *
 * @param charset          the input encoding (UTF-8 by default; a BOM is skipped)
 * @param delimiter        the CSV delimiter
 * @param listSeparator    separator of list-valued CSV columns
 * @param listColumns      CSV columns (last path segment) that hold lists, e.g. cc_emails
 * @param emptyCellsClear  true: an empty CSV cell sends null (clears the field); false: it is left out
 * @param maxRecordChars   the longest CSV record or NDJSON line, in characters
 * @param maxColumns       the most columns a CSV header or row may have
 * @param maxNestingDepth  the deepest JSON nesting accepted
 */
public record IntakeLimits(Charset charset, char delimiter, String listSeparator, Set<String> listColumns,
                           boolean emptyCellsClear, int maxRecordChars, int maxColumns, int maxNestingDepth) {

    public static IntakeLimits defaults() {
        return new IntakeLimits(java.nio.charset.StandardCharsets.UTF_8, ',', ";", Set.of("cc_emails", "bcc_emails"),
                false, 1_048_576, 1_000, 200);
    }
}
