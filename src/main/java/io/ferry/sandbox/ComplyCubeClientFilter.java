package io.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * ComplyCube's list filters, combined with AND. Only the documented attributes (plus {@code
 * metadata.<key>} and the created/updated bounds) filter; any other attribute, e.g. {@code
 * externalId}, or an unparsable bound behaves like a malformed filter: it matches nothing.
 */
final class ComplyCubeClientFilter {

    static final Set<String> PAGING = Set.of("page", "pageSize");
    static final Set<String> ATTRIBUTES = Set.of("type", "email", "joinedDate", "mobile", "telephone",
            "personDetails.firstName", "personDetails.middleName", "personDetails.lastName", "personDetails.dob",
            "personDetails.gender", "personDetails.nationality", "personDetails.birthCountry",
            "companyDetails.name", "companyDetails.website", "companyDetails.registrationNumber",
            "companyDetails.incorporationType", "companyDetails.incorporationCountry");
    private static final String METADATA = "metadata.";

    private ComplyCubeClientFilter() {
    }

    static Predicate<ComplyCubeClient> of(Map<String, String> query) {
        Predicate<ComplyCubeClient> all = client -> true;
        for (Map.Entry<String, String> e : query.entrySet()) {
            if (!PAGING.contains(e.getKey())) {
                all = all.and(one(e.getKey(), e.getValue()));
            }
        }
        return all;
    }

    private static Predicate<ComplyCubeClient> one(String attribute, String expected) {
        switch (attribute) {
            case "createdAfter":
                return bound(expected, (c, t) -> c.createdAt().isAfter(t));
            case "createdBefore":
                return bound(expected, (c, t) -> c.createdAt().isBefore(t));
            case "updatedAfter":
                return bound(expected, (c, t) -> c.updatedAt().isAfter(t));
            case "updatedBefore":
                return bound(expected, (c, t) -> c.updatedAt().isBefore(t));
            default:
                break;
        }
        boolean metadataKey = attribute.startsWith(METADATA) && attribute.length() > METADATA.length();
        if (!ATTRIBUTES.contains(attribute) && !metadataKey) {
            return client -> false;
        }
        int dot = attribute.indexOf('.');
        return client -> {
            JsonNode value = dot < 0
                    ? client.attributes().get(attribute)
                    : client.attributes().path(attribute.substring(0, dot)).get(attribute.substring(dot + 1));
            return value != null && value.isValueNode() && value.asText().equals(expected);
        };
    }

    private static Predicate<ComplyCubeClient> bound(String text, java.util.function.BiPredicate<ComplyCubeClient, Instant> test) {
        Instant limit = IsoDates.instant(text);
        return limit == null ? client -> false : client -> test.test(client, limit);
    }
}
