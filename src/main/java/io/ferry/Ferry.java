package io.ferry;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/** A Ferry instance: Camel Main with Ferry's configuration and routes, plus property overrides. */
public final class Ferry implements AutoCloseable {

    private final Main main = new Main();

    public Ferry(Map<String, String> overrides) {
        // Ferry's configuration is packed as ferry/application.properties, not under the name Camel Main looks for
        // by default, so that a jar embedded in someone's application never takes the place of theirs.
        main.setDefaultPropertyPlaceholderLocation("classpath:ferry/application.properties");
        main.configure().addConfiguration(new FerryConfiguration());
        overrides.forEach(main::addOverrideProperty);
    }

    /** Starts and returns without waiting. */
    public Ferry start() throws Exception {
        main.start();
        return this;
    }

    /** Starts and blocks until the JVM is asked to stop (Ctrl-C, SIGTERM). */
    public void run() throws Exception {
        main.run();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
