package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PinnedTest {

    @Test
    void theTextHasSortedKeysAndReadsBackAsWritten() {
        Pinned pinned = Pinned.NONE.with("metadata.source", "SAP").with("client_id", "C \"1\"\\\n\u00e9");
        assertThat(pinned.encode()).isEqualTo("{\"client_id\":\"C \\\"1\\\"\\\\\\u000a\u00e9\",\"metadata.source\":\"SAP\"}");
        assertThat(Pinned.decode(pinned.encode())).isEqualTo(pinned);
        assertThat(Pinned.NONE.encode()).isNull();
        assertThat(Pinned.decode(null)).isEqualTo(Pinned.NONE);
    }

    @Test
    void keptValuesWinOverTheRecordsAndTheVendorsWinOverBoth() {
        Pinned kept = Pinned.NONE.with("metadata.source", "SAP");
        Pinned record = Pinned.NONE.with("metadata.source", "JIRA").with("client_id", "C1");
        assertThat(kept.orElse(record).values()).containsOnly(java.util.Map.entry("metadata.source", "SAP"),
                java.util.Map.entry("client_id", "C1"));
        assertThat(kept.overriddenBy(record).get("metadata.source")).isEqualTo("JIRA");
        assertThat(kept.with("type", null)).isSameAs(kept);
    }
}
