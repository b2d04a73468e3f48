package io.ferry.cor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.delivery.ClearableFields;
import io.ferry.delivery.IgnoredColumns;
import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.Pinned;
import io.ferry.delivery.RecordFields;
import io.ferry.delivery.UpsertMapping;
import io.ferry.delivery.VendorRequest;
import io.ferry.record.Record;
import io.ferry.record.Targets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A cor-clients record as COR's client requests (api-reference.md §1.5): POST /clients with metadata, id, name and
 * the optional fields present; PUT /clients/{id} with metadata and the fields present, which is all COR changes
 * ("only the fields provided in the request body will be updated"). A create needs a name; an update needs nothing
 * but the source. Nothing else is sent. Paths are relative to cor.base-url, COR's documented base URL ending in
 * /v2/integrations.
 */
public final class CorClientMapper implements UpsertMapping {

    public static final String PATH = "/clients";
    public static final List<String> OPTIONAL = List.of("business_name", "email_contact", "name_contact",
            "last_name_contact", "phone", "website", "description");

    private final CorSources sources;
    private final ClearableFields clearable;
    private final IgnoredColumns ignored;

    public CorClientMapper(CorSources sources) {
        this(sources, ClearableFields.NONE);
    }

    /** @param clearable the optional fields an update clears when the record holds null (cor.clients.clear-fields) */
    public CorClientMapper(CorSources sources, ClearableFields clearable) {
        this.sources = sources;
        this.clearable = clearable;
        Set<String> used = new HashSet<>(OPTIONAL);
        used.addAll(List.of("id", "name", CorSources.FIELD));
        this.ignored = new IgnoredColumns(Targets.COR_CLIENTS, used);
    }

    @Override
    public void check(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        sources.of(fields);
        if (record.externalId() == null) {
            throw InvalidRecordException.missing("id");
        }
        fields.optionalTextNode("name");
        OPTIONAL.forEach(fields::optionalTextNode);
        ignored.check(record.fields());
    }

    @Override
    public List<String> missingForCreate(Record record) {
        return new RecordFields(record.createFields()).has("name") ? List.of() : List.of("name");
    }

    @Override
    public VendorRequest createRequest(Record record) {
        RecordFields fields = new RecordFields(record.createFields());
        ObjectNode body = CorPayloads.metadata(sources.of(fields));
        body.put("id", record.externalId());
        body.put("name", fields.requiredText("name"));
        for (String field : OPTIONAL) {
            CorPayloads.putIfValue(body, field, fields.optionalTextNode(field));
        }
        return VendorRequest.post(PATH, body);
    }

    @Override
    public ObjectNode updateBody(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        ObjectNode body = CorPayloads.metadata(sources.of(fields));
        // name is required by COR, so a null never clears it.
        CorPayloads.putIfValue(body, "name", fields.optionalTextNode("name"));
        for (String field : OPTIONAL) {
            CorPayloads.putIfPresent(body, field, clearable.forUpdate(field, fields.optionalTextNode(field)));
        }
        return body;
    }

    @Override
    public VendorRequest updateRequest(Record record, Entity entity) {
        return VendorRequest.put(PATH + "/" + VendorRequest.segment(record.externalId()), updateBody(record));
    }

    @Override
    public boolean changesNothing(ObjectNode updateBody) {
        return CorPayloads.onlyMetadata(updateBody);
    }

    @Override
    public Pinned pinned(Record record) {
        return sources.pinned(record);
    }

    @Override
    public InvalidRecordException pinnedChange(Record record, String path, String kept, String given) {
        return sources.mismatch(record, kept, given);
    }
}
