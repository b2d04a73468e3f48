package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Clemta contacts: create, get, list (see {@link ClemtaContactQuery}), PATCH and delete. Only
 * configured company ids exist. A create for a (company_id, email) that already has a contact is
 * accepted, as Clemta documents no duplicate error, but counted in {@code duplicate_creates}.
 *
 * <p>Where Clemta's docs are silent, the sandbox chooses (docs/clemta.md): a PATCH requires type,
 * full_name, email and company_id (as the reference says), keeps the optional fields it omits,
 * clears one sent as null, and replaces the contact's billing object with the one sent (or, with
 * {@code sandbox.clemta.patch-billing=merge}, merges it key by key, a null removing a key).
 */
final class ClemtaContacts {

    private final ClemtaContactReader reader;
    private final ApiStats stats;
    private final Set<String> companies;
    private final int createStatus;
    private final String notFoundCode;
    private final boolean billingMerge;
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
        this.billingMerge = config.clemtaBillingMerge();
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
            if (billingMerge && fields.get("billing") instanceof ObjectNode billing) {
                ObjectNode combined = merged.get("billing") instanceof ObjectNode theirs ? theirs.deepCopy()
                        : JsonNodeFactory.instance.objectNode();
                billing.fields().forEachRemaining(field -> {
                    if (field.getValue().isNull()) {
                        combined.remove(field.getKey());
                    } else {
                        combined.set(field.getKey(), field.getValue());
                    }
                });
                fields.set("billing", combined);
            }
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
        ClemtaContactQuery query = ClemtaContactQuery.from(request);
        requireCompany(query.companyId());
        List<ClemtaContact> matching;
        synchronized (this) {
            matching = contacts.values().stream().filter(query.filter()).collect(Collectors.toList());
        }
        matching.sort(query.order());
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        ArrayNode page = data.putArray("contacts");
        matching.stream().skip(query.skip()).limit(query.limit()).forEach(c -> page.add(c.toJson()));
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

    private static SandboxResponse success(int status, String message, ObjectNode data) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("success", true).put("message", message);
        body.set("data", data);
        return SandboxResponse.success(status, body);
    }
}
