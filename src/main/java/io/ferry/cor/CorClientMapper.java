package io.ferry.cor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.delivery.IgnoredColumns;
import io.ferry.delivery.InvalidRecordException;
import io.ferry.delivery.RecordFields;
import io.ferry.delivery.SyncMode;
import io.ferry.delivery.UpsertMapping;
import io.ferry.delivery.VendorRequest;
import io.ferry.record.Record;
import io.ferry.record.Targets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A cor-clients record as COR's client requests (api-reference.md §1.5): POST /clients with metadata, id, name and
 * the optional fields present; PUT /clients/{id} with metadata and the fields present. Nothing else is sent. Paths are
 * relative to cor.base-url, COR's documented base URL ending in /v2/integrations.
 */
public final class CorClientMapper implements UpsertMapping {

    public static final String PATH = "/clients";
    public static final List<String> OPTIONAL = List.of("business_name", "email_contact", "name_contact",
            "last_name_contact", "phone", "website", "description");

    private final CorSources sources;
    private final IgnoredColumns ignored;

    public CorClientMapper(CorSources sources) {
        this.sources = sources;
        Set<String> used = new HashSet<>(OPTIONAL);
        used.addAll(List.of("id", "name", CorSources.FIELD));
        this.ignored = new IgnoredColumns(Targets.COR_CLIENTS, used);
    }

    @Override
    public void check(Record record, SyncMode mode) {
        RecordFields fields = new RecordFields(record.fields());
        sources.of(fields);
        if (record.externalId() == null) {
            throw InvalidRecordException.missing("id");
        }
        if (mode != SyncMode.UPDATE_ONLY) {
            fields.requiredText("name");
        }
        OPTIONAL.forEach(fields::optionalTextNode);
        ignored.check(record.fields());
    }

    @Override
    public VendorRequest createRequest(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        ObjectNode body = CorPayloads.metadata(sources.of(fields));
        body.put("id", record.externalId());
        body.put("name", fields.requiredText("name"));
        for (String field : OPTIONAL) {
            CorPayloads.putIfValue(body, field, fields.optionalTextNode(field));
        }
        return VendorRequest.post(PATH, body);
    }

    @Override
    public VendorRequest updateRequest(Record record) {
        RecordFields fields = new RecordFields(record.fields());
        ObjectNode body = CorPayloads.metadata(sources.of(fields));
        // name is required by COR, so an empty cell never clears it.
        CorPayloads.putIfValue(body, "name", fields.optionalTextNode("name"));
        for (String field : OPTIONAL) {
            CorPayloads.putIfPresent(body, field, fields.optionalTextNode(field));
        }
        return VendorRequest.put(PATH + "/" + VendorRequest.segment(record.externalId()), body);
    }
}
