package io.ferry.config;

import io.ferry.FerryConfiguration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Ferry opened while starting (broker, store, pools, writers), closed in reverse order when the CamelContext
 * stops or when start-up fails half way, so that a later piece never outlives one it uses.
 */
public final class Resources {

    private static final Logger LOG = LoggerFactory.getLogger(FerryConfiguration.class);

    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /** Closes the resource with the others; returns it. */
    public <T extends AutoCloseable> T open(T resource) {
        open.push(resource);
        return resource;
    }

    public void closeAll() {
        while (!open.isEmpty()) {
            AutoCloseable resource = open.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("Error while closing {}: {}", resource, e.toString());
            }
        }
    }
}
