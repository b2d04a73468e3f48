package io.ferry.config;

import io.ferry.Settings;
import io.ferry.record.Targets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** The targets records are delivered to (bean targets), and an inbox folder for each. */
public final class TargetsConfiguration implements CamelConfiguration {

    private final Settings settings;
    private final Targets targets;

    public TargetsConfiguration(Settings settings) {
        this.settings = settings;
        this.targets = Targets.defaults(settings.string("clemta.external-id-column", "external_id"));
    }

    @BindToRegistry("targets")
    public Targets targets() {
        return targets;
    }

    @Override
    public void configure(CamelContext context) throws IOException {
        Path inboxDir = settings.path("ferry.inbox.dir", "./inbox");
        for (String target : targets.names()) {
            Files.createDirectories(inboxDir.resolve(target));
        }
    }
}
