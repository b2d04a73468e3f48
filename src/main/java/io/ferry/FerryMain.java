package io.ferry;

import io.ferry.deadletter.DeadLetterCli;
import io.ferry.sandbox.Sandbox;
import io.ferry.sandbox.SandboxConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Command line entry point.
 * <pre>
 * java -jar ferry.jar [--sandbox] [--set key=value ...]    run Ferry (--sandbox: against the built-in simulator)
 * java -jar ferry.jar deadletter list|entries|replay|discard  talk to a running Ferry's operator interface
 * </pre>
 */
public final class FerryMain {

    private static final Logger LOG = LoggerFactory.getLogger(FerryMain.class);
    private static final String USAGE = """
            Usage: java -jar ferry.jar [--sandbox] [--dry-run] [--force] [--set key=value ...]
                   java -jar ferry.jar deadletter list|entries|replay|discard [options]   (see: deadletter --help)
              --sandbox          run against the built-in sandbox (simulated COR, ComplyCube, Clemta; no real vendor)
              --dry-run          report what would be sent (would create / would update), send and store nothing
              --force            send every record, even one identical to what was last delivered (no change detection)
              --set key=value    override a configuration key (see config/application.properties)""";

    private FerryMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "deadletter".equals(args[0])) {
            System.exit(new DeadLetterCli(env("FERRY_OPERATOR_URL", "http://127.0.0.1:8080"),
                    System.getenv("FERRY_OPERATOR_TOKEN")).run(Arrays.copyOfRange(args, 1, args.length), System.out,
                    System.err));
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        boolean sandbox = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ("--sandbox".equals(arg)) {
                sandbox = true;
            } else if ("--dry-run".equals(arg)) {
                overrides.put("ferry.dry-run", "true");
            } else if ("--force".equals(arg)) {
                overrides.put("ferry.force-resend", "true");
            } else if (("--set".equals(arg) || "-s".equals(arg)) && i + 1 < args.length && args[i + 1].contains("=")) {
                String pair = args[++i];
                overrides.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            } else {
                System.err.println(("--help".equals(arg) ? "" : "Unknown argument: " + arg + "\n") + USAGE);
                System.exit("--help".equals(arg) ? 0 : 2);
            }
        }
        if (!sandbox) {
            new Ferry(overrides).run();
            return;
        }
        try (Sandbox simulator = startSandbox(overrides)) {
            new Ferry(overrides).run();
        }
    }

    /** Starts the simulator in-process and points every vendor at it, unless a key was set explicitly. */
    static Sandbox startSandbox(Map<String, String> overrides) {
        Map<String, String> sandboxKeys = new LinkedHashMap<>();
        overrides.forEach((key, value) -> {
            if (key.startsWith("sandbox.")) {
                sandboxKeys.put(key, value);
            }
        });
        SandboxConfig config = SandboxConfig.fromMap(sandboxKeys);
        if (!sandboxKeys.containsKey("sandbox.port")) {
            config = config.withPort(8099);
        }
        Sandbox simulator = Sandbox.start(config);
        Map<String, String> vendors = new LinkedHashMap<>();
        vendors.put("cor.base-url", simulator.corBaseUrl());
        vendors.put("cor.token-url", simulator.corTokenUrl());
        vendors.put("cor.api-key", config.corApiKey());
        vendors.put("cor.client-secret", config.corClientSecret());
        vendors.put("cor.source", "SALESFORCE");
        vendors.put("cor.base-currency", config.corBaseCurrency());
        vendors.put("complycube.base-url", simulator.complyCubeBaseUrl());
        vendors.put("complycube.api-key", config.complycubeApiKey());
        vendors.put("clemta.base-url", simulator.clemtaBaseUrl());
        vendors.put("clemta.api-key", config.clemtaApiKey());
        // Explicit --set values win, so one vendor can be pointed elsewhere.
        vendors.forEach(overrides::putIfAbsent);
        LOG.warn("""

                ************************************************************************************************
                  SANDBOX MODE: no real vendor is called. COR, ComplyCube and Clemta are simulated in this
                  process at {} (stats: {}/__sandbox/stats). Clemta company ids: {}
                ************************************************************************************************""",
                simulator.baseUrl(), simulator.baseUrl(), String.join(", ", config.clemtaCompanyIds()));
        return simulator;
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
