package io.ferry.sandbox;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The parameters of Clemta's {@code GET /contacts}: {@code company_id} (required), {@code search}
 * (case-insensitive substring of full_name or email), {@code created_at} (gt|lt|eq) with {@code
 * created_at_value} (Unix seconds), {@code sort} (created_at|full_name|email, default created_at),
 * {@code order} (asc|desc, default desc), {@code skip} (default 0) and {@code limit} (1..100,
 * default 20; Clemta publishes no default, so the sandbox picks one).
 */
record ClemtaContactQuery(String companyId, Predicate<ClemtaContact> filter, Comparator<ClemtaContact> order,
        int skip, int limit) {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    static ClemtaContactQuery from(SandboxRequest request) {
        String companyId = request.query("company_id");
        if (companyId == null || companyId.isBlank()) {
            throw invalid("company_id is required");
        }
        return new ClemtaContactQuery(companyId,
                filter(companyId, request.query("search"), request.query("created_at"), request.query("created_at_value")),
                order(request.query("sort"), request.query("order")),
                number(request.query("skip"), 0, 0, Integer.MAX_VALUE, "skip"),
                number(request.query("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, "limit"));
    }

    private static Predicate<ClemtaContact> filter(String companyId, String search, String createdOp, String createdValue) {
        Predicate<ClemtaContact> filter = c -> c.companyId().equals(companyId);
        if (search != null && !search.isBlank()) {
            String needle = search.toLowerCase(Locale.ROOT);
            filter = filter.and(c -> c.fullName().toLowerCase(Locale.ROOT).contains(needle)
                    || c.email().toLowerCase(Locale.ROOT).contains(needle));
        }
        if (createdOp == null) {
            return filter;
        }
        long value = number(createdValue, -1, 0, Integer.MAX_VALUE, "created_at_value");
        switch (createdOp) {
            case "gt":
                return filter.and(c -> c.createdAt() > value);
            case "lt":
                return filter.and(c -> c.createdAt() < value);
            case "eq":
                return filter.and(c -> c.createdAt() == value);
            default:
                throw invalid("created_at must be one of: gt, lt, eq");
        }
    }

    private static Comparator<ClemtaContact> order(String sort, String direction) {
        Comparator<ClemtaContact> byField;
        switch (sort == null ? "created_at" : sort) {
            case "created_at":
                byField = Comparator.comparingLong(ClemtaContact::createdAt);
                break;
            case "full_name":
                byField = Comparator.comparing(c -> c.fullName().toLowerCase(Locale.ROOT));
                break;
            case "email":
                byField = Comparator.comparing(c -> c.email().toLowerCase(Locale.ROOT));
                break;
            default:
                throw invalid("sort must be one of: created_at, full_name, email");
        }
        // Creation order breaks ties, so equal timestamps still list newest first under desc.
        byField = byField.thenComparingLong(ClemtaContact::sequence);
        if (direction == null || direction.equals("desc")) {
            return byField.reversed();
        }
        if (direction.equals("asc")) {
            return byField;
        }
        throw invalid("order must be one of: asc, desc");
    }

    /** A bounded integer parameter; a negative {@code fallback} makes it required. */
    private static int number(String text, int fallback, int min, int max, String name) {
        if (text == null) {
            if (fallback < 0) {
                throw invalid(name + " is required");
            }
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // same answer as out of range
        }
        throw invalid(name + " must be an integer between " + min + " and " + max);
    }

    private static ApiRejection invalid(String details) {
        return ClemtaError.invalidRequest(details).rejection();
    }
}
