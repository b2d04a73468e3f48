package io.ferry.clemta;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.delivery.Pinned;
import io.ferry.delivery.UpsertLookup;
import io.ferry.delivery.VendorRequest;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds a Clemta contact the id map does not know (api-reference.md §3.4): {@code GET /contacts?company_id=…&search=
 * <email>}, then the contacts whose e-mail equals the record's, ignoring case (search also matches names and parts
 * of addresses). Pages are followed with skip, by as many as Clemta returned, up to {@value #MAX_PAGES} pages. One
 * match is the contact; none means create; several are ambiguous: the record is rejected, since picking one is a
 * guess and creating would add yet another.
 */
final class ClemtaLookup implements UpsertLookup {

    static final int MAX_PAGES = 10;

    private final String companyId;
    private final String email;
    private final Set<String> matches = new LinkedHashSet<>();
    private int seen;
    private int pages;

    ClemtaLookup(String companyId, String email) {
        this.companyId = companyId;
        this.email = email;
    }

    @Override
    public VendorRequest first() {
        return page(0);
    }

    @Override
    public Result read(JsonNode body) {
        JsonNode data = body == null ? null : body.path("data");
        JsonNode contacts = data == null ? null : data.path("contacts");
        int count = contacts != null && contacts.isArray() ? contacts.size() : 0;
        for (int i = 0; i < count; i++) {
            JsonNode contact = contacts.get(i);
            if (email.equalsIgnoreCase(contact.path("email").asText("").trim())) {
                matches.add(contact.path("id").asText());
            }
        }
        seen += count;
        pages++;
        int total = data == null ? seen : data.path("total").asInt(seen);
        if (count > 0 && seen < total) {
            if (pages < MAX_PAGES) {
                return new Next(page(seen));
            }
            return new Ambiguous(total + " Clemta contacts of company " + companyId + " match a search for " + email
                    + "; Ferry read " + seen + " of them and cannot tell whether this contact exists");
        }
        if (matches.size() == 1) {
            return new Found(matches.iterator().next(), Pinned.NONE.with(ClemtaContactMapper.COMPANY_ID, companyId),
                    false);
        }
        if (matches.isEmpty()) {
            return new NotFound();
        }
        return new Ambiguous(matches.size() + " Clemta contacts of company " + companyId + " have the e-mail " + email
                + " (ids " + String.join(", ", matches) + "); Ferry cannot tell which one this record is, and creating"
                + " would add another. Delete the duplicates in Clemta and drop the record again");
    }

    private VendorRequest page(int skip) {
        return VendorRequest.get(ClemtaContactMapper.PATH, "company_id=" + VendorRequest.segment(companyId) + "&search="
                + VendorRequest.segment(email) + (skip > 0 ? "&skip=" + skip : ""));
    }
}
