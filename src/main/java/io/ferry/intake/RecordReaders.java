package io.ferry.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.mapping.MappedRecords;
import io.ferry.mapping.SourceDefinition;
import io.ferry.record.Source;
import io.ferry.record.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.util.Map;
import java.util.function.LongFunction;

/** Opens the right streaming reader for an input's format, with the configured limits. */
public final class RecordReaders {

    private final Targets targets;
    private final IntakeLimits limits;
    private final ObjectMapper mapper;
    private final Map<String, SourceDefinition> sources;

    /** Readers for targets only (no mapped sources). */
    public RecordReaders(Targets targets, IntakeLimits limits) {
        this(targets, limits, Map.of());
    }

    /** @param sources mapped sources by name: their records fan out to the mapped targets */
    public RecordReaders(Targets targets, IntakeLimits limits, Map<String, SourceDefinition> sources) {
        this.targets = targets;
        this.limits = limits;
        this.sources = Map.copyOf(sources);
        JsonFactory factory = JsonFactory.builder()
                // [{...},{...},] is a common export slip whose meaning is clear: read it rather than lose the rest.
                .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxRecordChars())
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    public IntakeLimits limits() {
        return limits;
    }

    /**
     * Reads a byte stream. The decoder reports each undecodable byte sequence as {@link TextChecks#UNDECODABLE} (a
     * lone surrogate, which no decoded text contains), and the record checks reject its record by field. The character
     * U+FFFD itself is text like any other: an export that was cleaned once already holds it.
     */
    public RecordIterator open(InputFormat format, InputStream in, String target, LongFunction<Source> sourceOf)
            throws IOException {
        Reader reader = new InputStreamReader(in, limits.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(String.valueOf(TextChecks.UNDECODABLE)));
        return open(format, reader, target, sourceOf);
    }

    /** The records of one input for a target, or for a mapped source (then one record per mapped target). */
    public RecordIterator open(InputFormat format, Reader reader, String target, LongFunction<Source> sourceOf)
            throws IOException {
        RecordFactory records = new RecordFactory(target, targets, sourceOf);
        SourceDefinition source = sources.get(target);
        RecordIterator input;
        try {
            input = switch (format) {
                case CSV -> new CsvRecordReader(reader, limits, records);
                case JSON -> new JsonRecordReader(reader, mapper, records, limits);
                case NDJSON -> new NdjsonRecordReader(reader,
                        mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS), records, limits);
            };
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
        return source == null ? input : new MappedRecords(input, source, targets);
    }
}
