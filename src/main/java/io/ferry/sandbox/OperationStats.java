package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Lock-free counters of one operation: requests, successes and rejections by error code. */
final class OperationStats {

    private final LongAdder requests = new LongAdder();
    private final LongAdder successes = new LongAdder();
    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();

    void requested() {
        requests.increment();
    }

    void succeeded() {
        successes.increment();
    }

    void rejected(String code) {
        rejections.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("requests", requests.sum());
        node.put("successes", successes.sum());
        ObjectNode byCode = node.putObject("rejections");
        new TreeMap<>(rejections).forEach((code, count) -> byCode.put(code, count.sum()));
        return node;
    }
}
