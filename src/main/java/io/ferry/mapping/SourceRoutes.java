package io.ferry.mapping;

import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every mapped source the intake a target has: routes file-{source} and queue-{source} from the same templates
 * (intake.camel.yaml), added once the templates are loaded.
 */
public final class SourceRoutes implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(SourceRoutes.class);

    private final Set<String> sources;

    public SourceRoutes(Set<String> sources) {
        this.sources = Set.copyOf(sources);
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // Nothing to do until every route is running; see onCamelContextFullyStarted.
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        for (String source : sources) {
            for (String template : new String[] {"file-intake", "queue-intake"}) {
                if (context.getCamelContextExtension().getContextPlugin(Model.class)
                        .getRouteTemplateDefinition(template) == null) {
                    continue;
                }
                String routeId = template.replace("-intake", "") + "-" + source;
                TemplatedRouteBuilder.builder(context, template).routeId(routeId).parameter("target", source).add();
            }
            LOG.info("Source {}: inbox/{}/ and queue sync.in.{} are read through its mapping", source, source, source);
        }
    }
}
