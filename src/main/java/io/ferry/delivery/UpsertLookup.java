package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds the vendor's id of an entity the id map does not know (Ferry's store was lost, or someone else created the
 * entity), for vendors that offer no upsert by external id. {@link Upsert} sends its read-only requests before it
 * creates anything, so that "the same record again" updates instead of creating a duplicate. One instance per record:
 * it may keep state between its requests (the next criterion, the next page).
 */
public interface UpsertLookup {

    /** The first lookup request. */
    VendorRequest first();

    /** Reads the vendor's 2xx answer to the last lookup request. */
    Result read(JsonNode body);

    /** What a lookup answer means. */
    sealed interface Result permits Found, NotFound, Next, Ambiguous {
    }

    /**
     * The entity exists: its vendor id, what of it can never change (as the vendor says), and whether it was found by
     * something else than the link Ferry writes on a create (then the update writes that link, see
     * {@link UpsertMapping.Entity#adopted}).
     */
    record Found(String vendorId, Pinned pinned, boolean adopted) implements Result {
    }

    /** The vendor does not have it: create it. */
    record NotFound() implements Result {
    }

    /** Not decided yet: send this request (another criterion, the next page). */
    record Next(VendorRequest request) implements Result {
    }

    /** Several entities match and creating would add one more: the record is rejected with this message. */
    record Ambiguous(String message) implements Result {
    }
}
