package io.ferry.complycube;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.delivery.Pinned;
import io.ferry.delivery.UpsertRules;
import io.ferry.delivery.VendorError;
import io.ferry.delivery.VendorErrorParser;

/**
 * ComplyCube's answers for the upsert (api-reference.md §2): no duplicate error exists (a second create makes a second
 * client, which is why Ferry looks clients up first); 404 resource_not_found on POST /clients/{id} means the id map
 * holds a client ComplyCube no longer has, so it is created again. The id and the type are in the client object.
 */
public final class ComplyCubeUpsertRules implements UpsertRules {

    public static final String NOT_FOUND = "resource_not_found";

    private final ComplyCubeErrors errors = new ComplyCubeErrors();

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
        return error.status() == 404 && error.is(NOT_FOUND);
    }

    @Override
    public Pinned pinned(JsonNode body) {
        return ComplyCubeClientMapper.pinnedOf(body);
    }
}
