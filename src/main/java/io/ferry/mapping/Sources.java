package io.ferry.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.camel.spi.Resource;

/** The sources defined by mapping files: from a folder when it exists, else those packed in Ferry's jar. */
public final class Sources {

    private Sources() {
    }

    /**
     * @param dir            the folder of mapping files (ferry.mappings.dir)
     * @param packed         the mapping files in the jar (classpath mappings/), used when {@code dir} does not exist
     * @param knownTargets   the target names
     */
    public static Map<String, SourceDefinition> load(Path dir, Collection<Resource> packed, Set<String> knownTargets)
            throws IOException {
        MappingLoader loader = new MappingLoader(knownTargets);
        Map<String, SourceDefinition> sources = new LinkedHashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                        .sorted().toList()) {
                    try (Reader reader = Files.newBufferedReader(file)) {
                        add(sources, loader.load(file.toString(), reader));
                    }
                }
            }
            return sources;
        }
        for (Resource resource : packed) {
            try (InputStream in = resource.getInputStream()) {
                add(sources, loader.load(resource.getLocation(), new InputStreamReader(in, StandardCharsets.UTF_8)));
            }
        }
        return sources;
    }

    private static void add(Map<String, SourceDefinition> sources, SourceDefinition source) {
        SourceDefinition other = sources.putIfAbsent(source.name(), source);
        if (other != null) {
            throw new MappingException(source.file(), 1, "source '" + source.name() + "' is also defined in "
                    + other.file());
        }
    }
}
