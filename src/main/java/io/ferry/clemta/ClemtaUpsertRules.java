package io.ferry.clemta;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.delivery.UpsertRules;
import io.ferry.delivery.VendorError;
import io.ferry.delivery.VendorErrorParser;
import java.util.Set;

/**
 * Clemta's answers for the upsert (api-reference.md §3.4): there is no duplicate error (a second create makes a second
 * contact, which is why Ferry looks contacts up first); CONTACT_NOT_FOUND or NOT_FOUND on PATCH (clemta.not-found-codes)
 * means the id map holds a stale id, so the contact is created again; COMPANY_NOT_FOUND means the record's company_id
 * is wrong or not linked to the key, so the record is rejected and never retried. The id is {@code data.id}.
 */
public final class ClemtaUpsertRules implements UpsertRules {

    public static final String COMPANY_NOT_FOUND = "COMPANY_NOT_FOUND";

    private final ClemtaErrors errors = new ClemtaErrors();
    private final Set<String> notFoundCodes;

    public ClemtaUpsertRules(Set<String> notFoundCodes) {
        this.notFoundCodes = Set.copyOf(notFoundCodes);
    }

    @Override
    public VendorErrorParser errors() {
        return errors;
    }

    @Override
    public boolean isDuplicate(VendorError error) {
        return false;
    }

    @Override
    public boolean isNotFound(VendorError error) {
        return error.code() != null && notFoundCodes.contains(error.code());
    }

    @Override
    public boolean rejects(VendorError error) {
        return error.is(COMPANY_NOT_FOUND);
    }

    @Override
    public String vendorId(JsonNode body) {
        JsonNode id = body == null ? null : body.path("data").get("id");
        return id == null || !id.isValueNode() || id.isNull() ? null : id.asText();
    }
}
