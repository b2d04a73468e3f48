package io.ferry.intake;

import io.ferry.record.Record;
import io.ferry.record.Source;
import io.ferry.record.Targets;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads test input through the production readers, as the file intake does. */
final class ReaderFixtures {

    private ReaderFixtures() {
    }

    static List<Record> read(InputFormat format, String content) throws IOException {
        return read(format, content.getBytes(StandardCharsets.UTF_8), IntakeLimits.defaults());
    }

    static List<Record> read(InputFormat format, byte[] content, IntakeLimits limits) throws IOException {
        RecordReaders readers = new RecordReaders(Targets.defaults("external_id"), limits);
        List<Record> records = new ArrayList<>();
        try (RecordIterator iterator = readers.open(format, new ByteArrayInputStream(content), "cor-clients",
                row -> Source.file("test." + format.name().toLowerCase(), row))) {
            iterator.forEachRemaining(records::add);
        }
        return records;
    }
}
