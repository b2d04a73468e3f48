package io.ferry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md holds every key of config/application.properties, with its default and its comment, made
 * from that file by this test: when the two differ the test fails, and {@code -Dferry.docs.write=true} rewrites the
 * table. So the documented keys are always the keys Ferry reads.
 */
class ConfigurationDocTest {

    private static final Path PROPERTIES = Path.of("config/application.properties");
    private static final Path DOC = Path.of("docs/configuration.md");
    static final String BEGIN = "<!-- The tables below are made from config/application.properties by ConfigurationDocTest. -->";
    static final String END = "<!-- End of the tables made from config/application.properties. -->";

    private static final Pattern SECTION = Pattern.compile("^# -+ (.+?) -*$");
    private static final Pattern KEY = Pattern.compile("^(#?)([a-z][a-z0-9.<>-]*[a-z0-9>])\\s*=\\s*(.*)$");

    @Test
    void theConfigurationDocumentHasEveryKeyWithItsDefaultAndComment() throws Exception {
        String generated = tables(Files.readAllLines(PROPERTIES, StandardCharsets.UTF_8));
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("%s has the line %s", DOC, BEGIN).isNotNegative();
        assertThat(end).as("%s has the line %s", DOC, END).isGreaterThan(begin);
        String current = doc.substring(begin + BEGIN.length(), end);
        if (!current.equals(generated) && Boolean.getBoolean("ferry.docs.write")) {
            Files.writeString(DOC, doc.substring(0, begin + BEGIN.length()) + generated + doc.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(current).as("%s is not what %s says; run this test with -Dferry.docs.write=true to rewrite it",
                DOC, PROPERTIES).isEqualTo(generated);
    }

    @Test
    void everyKeyHasAComment() throws Exception {
        List<String> uncommented = new ArrayList<>();
        for (Entry entry : entries(Files.readAllLines(PROPERTIES, StandardCharsets.UTF_8))) {
            if (entry.meaning().isBlank()) {
                uncommented.add(entry.key());
            }
        }
        assertThat(uncommented).as("keys without a comment in %s", PROPERTIES).isEmpty();
    }

    /** One key: its section, default (or example, when the line is commented out) and comment. */
    record Entry(String section, String key, String value, boolean example, String meaning) {
    }

    static List<Entry> entries(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        String section = "General";
        List<String> comment = new ArrayList<>();
        boolean commentUsed = false;
        for (String line : lines) {
            Matcher heading = SECTION.matcher(line.strip());
            Matcher key = KEY.matcher(line.strip());
            if (heading.matches()) {
                section = heading.group(1).strip();
                comment.clear();
            } else if (key.matches()) {
                entries.add(new Entry(section, key.group(2), key.group(3).strip(), !key.group(1).isEmpty(),
                        String.join(" ", comment)));
                commentUsed = true;
            } else if (line.startsWith("# ") || line.equals("#")) {
                if (commentUsed) {
                    comment.clear();
                    commentUsed = false;
                }
                comment.add(line.substring(1).strip());
            } else if (line.isBlank()) {
                comment.clear();
                commentUsed = false;
            }
        }
        return entries;
    }

    static String tables(List<String> lines) {
        StringBuilder md = new StringBuilder("\n");
        String section = null;
        for (Entry entry : entries(lines)) {
            if (!entry.section().equals(section)) {
                section = entry.section();
                md.append("\n## ").append(section).append("\n\n")
                        .append("| key | default | environment variable | meaning |\n|---|---|---|---|\n");
            }
            String value = entry.example() ? "unset (e.g. `" + entry.value() + "`)"
                    : entry.value().isEmpty() ? "empty" : "`" + entry.value() + "`";
            String env = entry.key().contains("<") ? "" : "`" + entry.key().toUpperCase(Locale.ROOT)
                    .replace('.', '_').replace('-', '_') + "`";
            md.append("| `").append(entry.key()).append("` | ").append(value.replace("|", "\\|")).append(" | ")
                    .append(env).append(" | ").append(entry.meaning().replace("|", "\\|").replace("<", "&lt;"))
                    .append(" |\n");
        }
        return md.append("\n").toString();
    }
}
