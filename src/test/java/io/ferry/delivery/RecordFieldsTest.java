package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class RecordFieldsTest {

    private final RecordFields fields = new RecordFields((ObjectNode) read(
            "{\"name\": \"Jane\", \"metadata\": {\"source\": \"crm\", \"origin\": {\"system\": \"sf\"}, \"empty\": null},"
                    + " \"list\": [1, 2]}"));

    private static Object read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void dottedPathsWalkIntoObjectsAndStopAtAnythingElse() {
        assertThat(fields.get("name").asText()).isEqualTo("Jane");
        assertThat(fields.get("metadata.source").asText()).isEqualTo("crm");
        assertThat(fields.get("metadata.origin.system").asText()).isEqualTo("sf");
        assertThat(fields.get("metadata.empty").isNull()).as("a JSON null is returned as is").isTrue();
        assertThat(fields.get("metadata.missing")).isNull();
        assertThat(fields.get("missing.source")).isNull();
        assertThat(fields.get("name.first")).as("a text has no fields").isNull();
        assertThat(fields.get("list.0")).as("an array has no fields").isNull();
        assertThat(fields.get("metadata.origin.system.deeper")).isNull();
    }
}
