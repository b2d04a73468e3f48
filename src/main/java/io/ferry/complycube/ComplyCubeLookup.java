package io.ferry.complycube;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.delivery.UpsertLookup;
import io.ferry.delivery.VendorRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a ComplyCube client the id map does not know (api-reference.md §2.4): first by the metadata key that carries
 * the external id ({@code GET /clients?metadata.<key>=<external id>}), then by e-mail ({@code GET /clients?email=}).
 * externalId is never used as a filter: ComplyCube does not document it as one.
 *
 * <ul>
 *   <li>metadata: one client carrying exactly this value is the one; several are ambiguous (the record is rejected,
 *       since picking one is a guess and creating adds another);
 *   <li>e-mail: used only when exactly one client has the address and its externalId is absent or this record's;
 *       otherwise the client is created (ComplyCube lets clients share an e-mail).
 * </ul>
 */
final class ComplyCubeLookup implements UpsertLookup {

    private final String metadataKey;
    private final String externalId;
    private final String email;
    private boolean byEmail;

    ComplyCubeLookup(String metadataKey, String externalId, String email) {
        this.metadataKey = metadataKey;
        this.externalId = externalId;
        this.email = email;
    }

    @Override
    public VendorRequest first() {
        return VendorRequest.get(ComplyCubeClientMapper.PATH, "metadata." + VendorRequest.segment(metadataKey) + "="
                + VendorRequest.segment(externalId));
    }

    @Override
    public Result read(JsonNode body) {
        List<JsonNode> items = new ArrayList<>();
        JsonNode all = body == null ? null : body.get("items");
        if (all != null && all.isArray()) {
            all.forEach(items::add);
        }
        return byEmail ? byEmail(items) : byMetadata(items);
    }

    private Result byMetadata(List<JsonNode> items) {
        List<JsonNode> matches = items.stream()
                .filter(c -> externalId.equals(c.path(ComplyCubeClientMapper.METADATA).path(metadataKey).asText(null)))
                .toList();
        if (matches.size() == 1) {
            return new Found(matches.get(0).path("id").asText(), ComplyCubeClientMapper.pinnedOf(matches.get(0)), false);
        }
        if (matches.size() > 1) {
            return new Ambiguous(matches.size() + " ComplyCube clients carry metadata." + metadataKey + " = "
                    + externalId + " (ids " + String.join(", ", matches.stream().map(c -> c.path("id").asText()).toList())
                    + "); Ferry cannot tell which one this record is, and creating would add another. Delete the"
                    + " duplicates in ComplyCube and drop the record again");
        }
        if (email == null) {
            return new NotFound();
        }
        byEmail = true;
        return new Next(VendorRequest.get(ComplyCubeClientMapper.PATH, "email=" + VendorRequest.segment(email)));
    }

    private Result byEmail(List<JsonNode> items) {
        List<JsonNode> matches = items.stream()
                .filter(c -> email.equalsIgnoreCase(c.path("email").asText(""))).toList();
        if (matches.size() != 1) {
            return new NotFound();
        }
        JsonNode client = matches.get(0);
        String theirs = client.path(ComplyCubeClientMapper.EXTERNAL_ID).asText(null);
        if (theirs != null && !theirs.isEmpty() && !theirs.equals(externalId)) {
            return new NotFound();
        }
        // Found by e-mail, not by Ferry's metadata key: the update links the client to the record.
        return new Found(client.path("id").asText(), ComplyCubeClientMapper.pinnedOf(client), true);
    }
}
