package io.ferry.clemta;

import static io.ferry.testing.TestRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.delivery.Pinned;
import io.ferry.delivery.UpsertLookup;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Finding a contact without the id map: an exact e-mail match among what Clemta's search returns, page by page. */
class ClemtaLookupTest {

    private final ClemtaLookup lookup = new ClemtaLookup("cmp-1", "john@example.com");

    private static JsonNode page(int total, String... contacts) {
        return json("{'success':true,'data':{'contacts':[" + String.join(",", contacts) + "],'total':" + total + "}}");
    }

    private static String contact(String id, String email) {
        return "{'id':'" + id + "','full_name':'Someone','email':'" + email + "'}";
    }

    private static String[] others(int n) {
        return IntStream.range(0, n).mapToObj(i -> contact("o" + i, "not.john" + i + "@example.com"))
                .collect(Collectors.toList()).toArray(new String[0]);
    }

    @Test
    void oneExactMatchIgnoringCaseIsTheContact() {
        assertThat(lookup.read(page(3, contact("a", "xjohn@example.com"), contact("b", "JOHN@Example.com"),
                contact("c", "john@example.community")))).isEqualTo(new UpsertLookup.Found("b", Pinned.NONE.with("company_id", "cmp-1"), false));
    }

    @Test
    void noExactMatchMeansCreate() {
        assertThat(lookup.read(page(1, contact("a", "xjohn@example.com")))).isEqualTo(new UpsertLookup.NotFound());
        assertThat(new ClemtaLookup("cmp-1", "john@example.com").read(page(0))).isEqualTo(new UpsertLookup.NotFound());
    }

    @Test
    void pagesAreFollowedBySkipAndMatchesCountedAcrossThem() {
        String[] first = others(20);
        first[7] = contact("j", "john@example.com");
        UpsertLookup.Result next = lookup.read(page(25, first));
        assertThat(next).isInstanceOf(UpsertLookup.Next.class);
        assertThat(((UpsertLookup.Next) next).request().query())
                .isEqualTo("company_id=cmp-1&search=john%40example.com&skip=20");
        String[] second = others(5);
        second[3] = contact("k", "john@example.com");
        assertThat(lookup.read(page(25, second))).isEqualTo(new UpsertLookup.Ambiguous("2 Clemta contacts of company"
                + " cmp-1 have the e-mail john@example.com (ids j, k); Ferry cannot tell which one this record is, and"
                + " creating would add another. Delete the duplicates in Clemta and drop the record again"));
    }

    @Test
    void severalExactMatchesAreAmbiguous() {
        UpsertLookup.Result result = lookup.read(page(2, contact("a", "john@example.com"), contact("b", "John@example.com")));
        assertThat(((UpsertLookup.Ambiguous) result).message()).isEqualTo("2 Clemta contacts of company cmp-1 have the"
                + " e-mail john@example.com (ids a, b); Ferry cannot tell which one this record is, and creating would"
                + " add another. Delete the duplicates in Clemta and drop the record again");
    }

    @Test
    void aSearchTooLargeToReadIsAmbiguousRatherThanEndless() {
        UpsertLookup.Result result = null;
        for (int i = 0; i < ClemtaLookup.MAX_PAGES; i++) {
            result = lookup.read(page(1000, others(20)));
        }
        assertThat(result).isInstanceOf(UpsertLookup.Ambiguous.class);
        assertThat(((UpsertLookup.Ambiguous) result).message()).startsWith("1000 Clemta contacts of company cmp-1 match"
                + " a search for john@example.com; Ferry read 200 of them");
    }
}
