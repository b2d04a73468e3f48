package io.ferry.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/** Parses request bodies that must be one JSON object; each API says how its refusal is worded. */
final class JsonObjectReader {

    private final ObjectMapper mapper;

    JsonObjectReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The body as an object, or the rejection {@code refusal} makes of the reason. */
    ObjectNode read(SandboxRequest request, Function<String, ApiRejection> refusal) {
        JsonNode node;
        try {
            node = request.body().length == 0 ? null : mapper.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw refusal.apply("Request body is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw refusal.apply("Request body must be a JSON object");
        }
        return (ObjectNode) node;
    }
}
