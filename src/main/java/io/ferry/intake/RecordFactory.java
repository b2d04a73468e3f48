package io.ferry.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.record.Record;
import io.ferry.record.Source;
import io.ferry.record.Targets;
import java.util.function.LongFunction;

/** Makes the records of one input: stamps target and source, derives the external id, checks the text. */
final class RecordFactory {

    private final String target;
    private final Targets targets;
    private final LongFunction<Source> sources;

    RecordFactory(String target, Targets targets, LongFunction<Source> sources) {
        this.target = target;
        this.targets = targets;
        this.sources = sources;
    }

    Record record(long row, ObjectNode fields) {
        String externalId = targets.externalId(target, fields);
        String problem = TextChecks.problemIn(fields, "");
        if (problem != null) {
            // The report still names the record: its id as read, undecodable places shown as U+FFFD.
            // A mapped source's rows keep their fields, so that each target's row names its own id.
            return new Record(target, sources.apply(row), TextChecks.printable(externalId), fields, problem, null);
        }
        if (externalId != null && externalId.length() > Targets.MAX_EXTERNAL_ID_CHARS) {
            return Record.malformed(target, sources.apply(row), String.join("/", targets.keyFields(target))
                    + " is longer than " + Targets.MAX_EXTERNAL_ID_CHARS + " characters (" + externalId.length()
                    + "); Ferry keeps external ids of up to " + Targets.MAX_EXTERNAL_ID_CHARS);
        }
        return Record.of(target, sources.apply(row), externalId, fields);
    }

    Record malformed(long row, String problem) {
        return Record.malformed(target, sources.apply(row), problem);
    }
}
