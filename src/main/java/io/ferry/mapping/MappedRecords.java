package io.ferry.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.intake.RecordIterator;
import io.ferry.intake.TextChecks;
import io.ferry.record.Record;
import io.ferry.record.Targets;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;

/**
 * The records of a source, one per target for every input record, each through its target's mapping. A rule that
 * fails (a date in the wrong pattern) rejects that target's record, naming the field; the other targets go on.
 */
public final class MappedRecords implements RecordIterator {

    private final RecordIterator input;
    private final SourceDefinition source;
    private final Targets targets;
    private final Deque<Record> pending = new ArrayDeque<>();

    public MappedRecords(RecordIterator input, SourceDefinition source, Targets targets) {
        this.input = input;
        this.source = source;
        this.targets = targets;
    }

    @Override
    public boolean hasNext() {
        while (pending.isEmpty() && input.hasNext()) {
            expand(input.next());
        }
        return !pending.isEmpty();
    }

    @Override
    public Record next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.poll();
    }

    private void expand(Record record) {
        if (record.isMalformed() && record.fields() == null) {
            pending.add(record);
            return;
        }
        for (String target : source.targets().keySet()) {
            if (record.isMalformed()) {
                // Read, but with text no vendor may receive: each target's row says why, under its own id.
                pending.add(Record.malformed(target, record.source(), TextChecks.printable(idOf(target, record)),
                        record.problem()));
                continue;
            }
            try {
                SourceDefinition.Mapped mapped = source.map(target, record.fields());
                pending.add(Record.of(target, record.source(), targets.externalId(target, mapped.fields()),
                        mapped.fields(), mapped.createOnly()));
            } catch (IllegalArgumentException e) {
                pending.add(Record.malformed(target, record.source(), idOf(target, record), e.getMessage()));
            }
        }
    }

    // The target's external id of an input record, when its key fields can be mapped; else null.
    private String idOf(String target, Record record) {
        try {
            return targets.externalId(target, source.mapKeys(target, targets.keyFields(target), record.fields()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
