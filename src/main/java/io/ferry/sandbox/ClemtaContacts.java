package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Clemta contacts: create, get, list (per company, with search, sort and paging), PATCH (which
 * keeps omitted optional fields) and delete. Only configured company ids exist. A create for a
 * (company_id, email) that already has a contact is accepted, as Clemta documents no duplicate
 * error, but counted in {@code duplicate_creates}.
 */
final class ClemtaContacts {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final ClemtaContactReader reader;
    private final ApiStats stats;
    private final Set<String> companies;
    private final int createStatus;
    private final String notFoundCode;
    private final HexIds ids = new HexIds();
    // Guarded by "this": contacts by id, and how many contacts share each (company, e-mail).
    private final Map<String, ClemtaContact> contacts = new HashMap<>();
    private final Map<String, Integer> naturalKeys = new HashMap<>();
    private long sequence;

    ClemtaContacts(ClemtaContactReader reader, ApiStats stats, SandboxConfig config) {
        this.reader = reader;
        this.stats = stats;
        this.companies = Set.copyOf(config.clemtaCompanyIds());
        this.createStatus = config.clemtaCreateStatus();
        this.notFoundCode = config.clemtaNotFoundCode();
    }

    SandboxResponse create(SandboxRequest request) {
        ObjectNode fields = reader.read(request);
        requireCompany(fields.get("company_id").asText());
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.put("status", "active");
        attributes.putNull("description");
        attributes.putArray("cc_emails");
        attributes.putArray("bcc_emails");
        attributes.putNull("billing");
        attributes.setAll(fields);
        long now = System.currentTimeMillis() / 1000;
        ClemtaContact contact;
        synchronized (this) {
            contact = new ClemtaContact(ids.next(), ++sequence, attributes, now, now);
            if (naturalKeys.containsKey(contact.naturalKey())) {
                stats.duplicateCreate();
            }
            store(contact);
        }
        return success(createStatus, "Contact created successfully", contact.toJson());
    }

    SandboxResponse get(String id) {
        return success(200, "Contact retrieved successfully", existing(id).toJson());
    }

    SandboxResponse update(SandboxRequest request, String id) {
        ObjectNode fields = reader.read(request);
        requireCompany(fields.get("company_id").asText());
        ClemtaContact updated;
        synchronized (this) {
            ClemtaContact current = existing(id);
            ObjectNode merged = current.attributes().deepCopy();
            merged.setAll(fields);
            updated = new ClemtaContact(id, current.sequence(), merged, current.createdAt(),
                    System.currentTimeMillis() / 1000);
            store(updated);
        }
        return success(200, "Contact updated successfully", updated.toJson());
    }

    synchronized SandboxResponse delete(String id) {
        ClemtaContact removed = existing(id);
        contacts.remove(id);
        forget(removed);
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("id", id)
                .put("deleted_at", System.currentTimeMillis() / 1000);
        return success(200, "Contact deleted successfully", data);
    }

    SandboxResponse list(SandboxRequest request) {
        String companyId = request.query("company_id");
        if (companyId == null || companyId.isBlank()) {
            throw ClemtaError.invalidRequest("company_id is required").rejection();
        }
        requireCompany(companyId);
        int skip = number(request.query("skip"), 0, 0, Integer.MAX_VALUE, "skip");
        int limit = number(request.query("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT, "limit");
        Comparator<ClemtaContact> order = order(request.query("sort"), request.query("order"));
        Predicate<ClemtaContact> filter = filter(companyId, request.query("search"),
                request.query("created_at"), request.query("created_at_value"));
        List<ClemtaContact> matching;
        synchronized (this) {
            matching = contacts.values().stream().filter(filter).collect(Collectors.toList());
        }
        matching.sort(order);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        ArrayNode page = data.putArray("contacts");
        matching.stream().skip(skip).limit(limit).forEach(c -> page.add(c.toJson()));
        data.put("total", matching.size());
        return success(200, "Contacts retrieved successfully", data);
    }

    synchronized int count() {
        return contacts.size();
    }

    synchronized Optional<ObjectNode> find(String id) {
        return Optional.ofNullable(contacts.get(id)).map(ClemtaContact::toJson);
    }

    synchronized void clear() {
        contacts.clear();
        naturalKeys.clear();
    }

    private synchronized ClemtaContact existing(String id) {
        ClemtaContact contact = contacts.get(id);
        if (contact == null) {
            throw ClemtaError.contactNotFound(notFoundCode, id).rejection();
        }
        return contact;
    }

    private void requireCompany(String companyId) {
        if (!companies.contains(companyId)) {
            throw ClemtaError.companyNotFound(companyId).rejection();
        }
    }

    private void store(ClemtaContact contact) {
        ClemtaContact previous = contacts.put(contact.id(), contact);
        if (previous != null) {
            forget(previous);
        }
        naturalKeys.merge(contact.naturalKey(), 1, Integer::sum);
    }

    private void forget(ClemtaContact contact) {
        naturalKeys.merge(contact.naturalKey(), -1, (a, b) -> a + b == 0 ? null : a + b);
    }

    private static Predicate<ClemtaContact> filter(String companyId, String search, String createdOp, String createdValue) {
        Predicate<ClemtaContact> filter = c -> c.companyId().equals(companyId);
        if (search != null && !search.isBlank()) {
            String needle = search.toLowerCase(Locale.ROOT);
            filter = filter.and(c -> c.fullName().toLowerCase(Locale.ROOT).contains(needle)
                    || c.email().toLowerCase(Locale.ROOT).contains(needle));
        }
        if (createdOp != null) {
            long value = number(createdValue, -1, 0, Integer.MAX_VALUE, "created_at_value");
            switch (createdOp) {
                case "gt":
                    return filter.and(c -> c.createdAt() > value);
                case "lt":
                    return filter.and(c -> c.createdAt() < value);
                case "eq":
                    return filter.and(c -> c.createdAt() == value);
                default:
                    throw ClemtaError.invalidRequest("created_at must be one of: gt, lt, eq").rejection();
            }
        }
        return filter;
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
                throw ClemtaError.invalidRequest("sort must be one of: created_at, full_name, email").rejection();
        }
        byField = byField.thenComparingLong(ClemtaContact::sequence);
        if (direction == null || direction.equals("desc")) {
            return byField.reversed();
        }
        if (direction.equals("asc")) {
            return byField;
        }
        throw ClemtaError.invalidRequest("order must be one of: asc, desc").rejection();
    }

    private static int number(String text, int fallback, int min, int max, String name) {
        if (text == null) {
            if (fallback < 0) {
                throw ClemtaError.invalidRequest(name + " is required").rejection();
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
        throw ClemtaError.invalidRequest(name + " must be an integer between " + min + " and " + max).rejection();
    }

    private static SandboxResponse success(int status, String message, ObjectNode data) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("success", true).put("message", message);
        body.set("data", data);
        return SandboxResponse.success(status, body);
    }
}
