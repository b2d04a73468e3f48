package io.ferry.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.record.Targets;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MappingLoaderTest {

    private final MappingLoader loader = new MappingLoader(Targets.defaults("external_id").names());

    private SourceDefinition load(String yaml) throws Exception {
        return loader.load("test.yaml", new StringReader(yaml));
    }

    @Test
    void theShippedSalesforceMappingsLoad() throws Exception {
        for (String name : new String[] {"salesforce-accounts", "salesforce-contracts"}) {
            Path file = Path.of("config/mappings/" + name + ".yaml");
            try (var reader = Files.newBufferedReader(file)) {
                assertThat(loader.load(file.toString(), reader).name()).isEqualTo(name);
            }
        }
    }

    @Test
    void fieldsComeFromColumnsConstantsJoinsAndTransforms() throws Exception {
        SourceDefinition source = load("""
                source: crm
                targets:
                  cor-contracts:
                    id: Deal ID
                    name: {from: [Account, Deal], separator: " - "}
                    client_id: {from: Account ID, transform: [trim, upper]}
                    start_date: {from: Start, transform: [{date: dd.MM.yyyy}]}
                    status: {from: Stage, transform: [{map: {Won: active}}]}
                    type: {from: Kind, default: retainer}
                    description: {from: Owner, transform: [last-name]}
                    metadata.source: {constant: SALESFORCE}
                """);
        ObjectNode input = (ObjectNode) new ObjectMapper().readTree("""
                {"Deal ID":"D-1","Account":"Acme","Deal":"Support","Account ID":" acc-1 ","Start":"31.01.2025",
                 "Stage":"won","Owner":"Jane Mary Doe"}""");

        assertThat(source.map("cor-contracts", input).fields().toString()).isEqualTo("{\"id\":\"D-1\",\"name\":\"Acme - Support\","
                + "\"client_id\":\"ACC-1\",\"start_date\":\"2025-01-31\",\"status\":\"active\",\"type\":\"retainer\","
                + "\"description\":\"Mary Doe\",\"metadata\":{\"source\":\"SALESFORCE\"}}");
    }

    @Test
    void constantsAndDefaultsMarkedOnCreateGoToTheCreateOnly() throws Exception {
        SourceDefinition source = load("""
                source: crm
                targets:
                  cor-contracts:
                    id: Deal ID
                    name: {from: Deal, default: Unnamed deal, on: create}
                    type: {constant: retainer, on: create}
                    status: {from: Stage, default: pending}
                """);
        ObjectNode named = (ObjectNode) new ObjectMapper().readTree("{\"Deal ID\":\"D-1\",\"Deal\":\"Support\"}");
        SourceDefinition.Mapped mapped = source.map("cor-contracts", named);
        assertThat(mapped.fields().toString()).isEqualTo("{\"id\":\"D-1\",\"name\":\"Support\",\"status\":\"pending\"}");
        assertThat(mapped.createOnly().toString()).isEqualTo("{\"type\":\"retainer\"}");
        SourceDefinition.Mapped unnamed = source.map("cor-contracts",
                (ObjectNode) new ObjectMapper().readTree("{\"Deal ID\":\"D-2\"}"));
        assertThat(unnamed.fields().toString()).isEqualTo("{\"id\":\"D-2\",\"status\":\"pending\"}");
        assertThat(unnamed.createOnly().toString()).isEqualTo("{\"name\":\"Unnamed deal\",\"type\":\"retainer\"}");

        assertThatThrownBy(() -> load("source: crm\ntargets:\n  cor-clients:\n    id: ID\n    name: {from: N, on: create}\n"))
                .hasMessage("test.yaml line 5: field 'name': on: create marks a constant or a default as create-only,"
                        + " and this field has neither");
        assertThatThrownBy(() -> load("source: crm\ntargets:\n  cor-clients:\n    id: ID\n    name: {constant: N, on: update}\n"))
                .hasMessageStartingWith("test.yaml line 5: on must be create");
    }

    @Test
    void aValueTheTransformCannotTakeNamesTheFieldAndItsColumn() throws Exception {
        SourceDefinition source = load("source: crm\ntargets:\n  cor-contracts:\n"
                + "    start_date: {from: Start, transform: [{date: M/d/yyyy}]}\n");

        assertThatThrownBy(() -> source.map("cor-contracts", (ObjectNode) new ObjectMapper().readTree("{\"Start\":\"2/30/2025\"}")))
                .hasMessage("field 'start_date' (from 'Start'): '2/30/2025' is not a date in the pattern M/d/yyyy");
    }

    @Test
    void mistakesNameTheFileAndLine() {
        assertThatThrownBy(() -> load("source: crm\ntargets:\n  cor-clients:\n    id: ID\n    name: {from: N, transform: [titlecase]}\n"))
                .isInstanceOf(MappingException.class)
                .hasMessageStartingWith("test.yaml line 5: unknown transform 'titlecase'");
        assertThatThrownBy(() -> load("source: crm\ntargets:\n  cor-clients:\n    id: ID\n\n    since: {from: S, transform: [{date: yyyy-MM-bb}]}\n"))
                .hasMessageStartingWith("test.yaml line 6: bad date pattern 'yyyy-MM-bb'");
        assertThatThrownBy(() -> load("source: crm\ntargets:\n  salesforce-leads:\n    id: ID\n"))
                .hasMessageStartingWith("test.yaml line 4: unknown target 'salesforce-leads'");
        assertThatThrownBy(() -> load("source: crm\ntargets:\n  cor-clients:\n    id: {transform: [trim]}\n"))
                .hasMessage("test.yaml line 4: field 'id' needs either from or constant");
        assertThatThrownBy(() -> load("source: crm\ntargets: [\n"))
                .hasMessageStartingWith("test.yaml line 3: not valid YAML");
        assertThatThrownBy(() -> load("source: Bad Name\ntargets:\n  cor-clients:\n    id: ID\n"))
                .hasMessageStartingWith("test.yaml line 1: source 'Bad Name' must be lower case");
    }
}
