package io.ferry.testing;

import java.nio.file.Files;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test methods a {@link KafkaBroker} parameter: one broker for every test class of the run, started on first use
 * and closed by JUnit when the run ends (it takes seconds to start, so classes share it; each test uses its own topics
 * and consumer groups).
 */
public final class SharedKafka implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKafka.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(KafkaBroker.class, type -> {
            try {
                return KafkaBroker.start(Files.createTempDirectory("ferry-kafka"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start Kafka: " + e.getMessage(), e);
            }
        }, KafkaBroker.class);
    }
}
