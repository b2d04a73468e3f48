package io.ferry.cor;

import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.Pinned;
import io.ferry.delivery.RecordFields;
import io.ferry.record.Record;
import java.util.List;

/**
 * COR's {@code metadata.source}: every request carries one of the documented values (api-reference.md §1.2). A
 * record's own metadata.source wins; otherwise the configured default (cor.source) applies.
 */
public final class CorSources {

    public static final List<String> DOCUMENTED = List.of("JIRA", "SALESFORCE", "ADVERTMIND", "QUICKBOOKS", "ZAPIER",
            "OKTA", "MICROSOFT_DYNAMICS", "GITHUB", "MICROSOFT_TEAMS", "VBS", "SAP", "GLOBANT");
    public static final String FIELD = "metadata.source";
    /** Outcome code of a record whose source is not the one its entity was created with. */
    public static final String SOURCE_MISMATCH = "SOURCE_MISMATCH";

    private final String configured;

    /** @param configured cor.source, or null; refuses to start with anything but a documented value */
    public CorSources(String configured) {
        if (configured != null && !configured.isBlank() && !DOCUMENTED.contains(configured.trim())) {
            throw new IllegalArgumentException("configuration cor.source must be one of the sources COR documents ("
                    + String.join(", ", DOCUMENTED) + "), not '" + configured.trim() + "'");
        }
        this.configured = configured == null || configured.isBlank() ? null : configured.trim();
    }

    /** The source a record is sent with, as the value an entity keeps for good (see {@link Pinned}). */
    public Pinned pinned(Record record) {
        try {
            return Pinned.NONE.with(FIELD, of(new RecordFields(record.fields())));
        } catch (InvalidRecordException e) {
            return Pinned.NONE;
        }
    }

    /**
     * The rejection of a record sent with another source than its entity was created with: COR keys entities by
     * source and external id, so an update under another source would not find it (and a create would make a second).
     */
    public InvalidRecordException mismatch(Record record, String kept, String given) {
        return new InvalidRecordException(SOURCE_MISMATCH, FIELD + " is " + given + ", but " + record.externalId()
                + " was created in COR with source " + kept + ", which COR keeps for good; send it with " + kept
                + " (or set cor.source), or give the record another id");
    }

    /** The source of a record: its own metadata.source (which must be documented), else cor.source. */
    public String of(RecordFields fields) {
        String own = fields.optionalText(FIELD);
        if (own != null) {
            if (!DOCUMENTED.contains(own)) {
                throw InvalidRecordException.invalid(FIELD + " must be one of " + String.join(", ", DOCUMENTED)
                        + ", got '" + own + "'");
            }
            return own;
        }
        if (configured == null) {
            throw new InvalidRecordException(InvalidRecordException.MISSING_FIELD, FIELD
                    + " is required (or set a default with cor.source)");
        }
        return configured;
    }
}
