package io.ferry;

import java.util.LinkedHashMap;
import java.util.Map;

/** Command line entry point: {@code java -jar ferry.jar [--set key=value ...]}. */
public final class FerryMain {

    private FerryMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (("--set".equals(arg) || "-s".equals(arg)) && i + 1 < args.length && args[i + 1].contains("=")) {
                String pair = args[++i];
                overrides.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            } else {
                System.err.println("Unknown argument: " + arg);
                System.err.println("Usage: java -jar ferry.jar [--set key=value ...]");
                System.exit(2);
            }
        }
        new Ferry(overrides).run();
    }
}
