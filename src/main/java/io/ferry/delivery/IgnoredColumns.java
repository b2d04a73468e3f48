package io.ferry.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs, once per target and column, the record columns a vendor payload does not use (they are never sent). */
public final class IgnoredColumns {

    private static final Logger LOG = LoggerFactory.getLogger(IgnoredColumns.class);

    private final String target;
    private final Set<String> used;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** @param used the dotted paths the payload reads (metadata.source) */
    public IgnoredColumns(String target, Set<String> used) {
        this.target = target;
        this.used = Set.copyOf(used);
    }

    public void check(JsonNode fields) {
        if (fields != null) {
            visit("", fields);
        }
    }

    private void visit(String prefix, JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + field.getKey();
            if (used.contains(path)) {
                continue;
            }
            if (field.getValue().isObject() && used.stream().anyMatch(u -> u.startsWith(path + "."))) {
                visit(path + ".", field.getValue());
            } else if (reported.add(path)) {
                LOG.info("{}: column '{}' is not part of the payload and is not sent", target, path);
            }
        }
    }
}
