package io.ferry.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox as its own process, e.g. beside Ferry in a benchmark:
 * {@code java -cp ferry.jar io.ferry.sandbox.SandboxMain [--port N] [--config file.properties]
 * [--set sandbox.key=value]...}. Arguments apply in order, later ones winning; the port defaults
 * to {@value #DEFAULT_PORT}. Prints {@code Sandbox listening on http://127.0.0.1:PORT} and runs
 * until killed.
 */
public final class SandboxMain {

    static final int DEFAULT_PORT = 8099;
    private static final String USAGE =
            "usage: SandboxMain [--port N] [--config file.properties] [--set sandbox.key=value]...";

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Sandbox sandbox;
        try {
            sandbox = launch(args, System.out);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        stopped.await();
    }

    /** Starts a sandbox from command-line arguments and prints the line scripts wait for. */
    static Sandbox launch(String[] args, PrintStream out) {
        Sandbox sandbox = Sandbox.start(SandboxConfig.fromMap(settings(args)));
        out.println("Sandbox listening on " + sandbox.baseUrl());
        out.flush();
        return sandbox;
    }

    static Map<String, String> settings(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("sandbox.port", String.valueOf(DEFAULT_PORT));
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port":
                    values.put("sandbox.port", value(args, ++i, arg));
                    break;
                case "--set":
                    String pair = value(args, ++i, arg);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set expects key=value, got: " + pair);
                    }
                    String key = pair.substring(0, eq).trim();
                    values.put(key.startsWith("sandbox.") ? key : "sandbox." + key, pair.substring(eq + 1));
                    break;
                case "--config":
                    values.putAll(load(Path.of(value(args, ++i, arg))));
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        return values;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static Map<String, String> load(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }
}
