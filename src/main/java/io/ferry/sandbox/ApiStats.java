package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one simulated API: per-operation stats and the creates a correct client never sends. */
final class ApiStats {

    private volatile List<String> knownOperations = List.of();
    private final Map<String, OperationStats> operations = new ConcurrentHashMap<>();
    private final LongAdder duplicateCreates = new LongAdder();
    private final ApiCapacity capacity;

    ApiStats(int capacity) {
        this.capacity = new ApiCapacity(capacity);
    }

    /** The API's capacity in concurrent requests, and its in-flight count. */
    ApiCapacity capacity() {
        return capacity;
    }

    /** Lists these operations in stats (with zeros) even before they are called. */
    void declare(List<String> names) {
        knownOperations = List.copyOf(names);
        knownOperations.forEach(this::operation);
    }

    OperationStats operation(String name) {
        return operations.computeIfAbsent(name, n -> new OperationStats());
    }

    /**
     * A create for a key that already exists (for COR, also under another source): the client should have updated
     * instead.
     */
    void duplicateCreate() {
        duplicateCreates.increment();
    }

    long duplicateCreates() {
        return duplicateCreates.sum();
    }

    void reset() {
        operations.clear();
        knownOperations.forEach(this::operation);
        duplicateCreates.reset();
        capacity.resetCounts();
    }

    /** The stats JSON of this API, with the entity counts the API reports. */
    ObjectNode toJson(ObjectNode entities) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ObjectNode ops = node.putObject("operations");
        new TreeMap<>(operations).forEach((name, stats) -> ops.set(name, stats.toJson()));
        node.set("entities", entities);
        node.put("duplicate_creates", duplicateCreates.sum());
        node.put("capacity", capacity.capacity());
        node.put("in_flight", capacity.inFlight());
        node.put("in_flight_peak", capacity.peak());
        node.put("capacity_429s", capacity.refused());
        return node;
    }
}
