package io.ferry.complycube;

import io.ferry.Settings;
import io.ferry.delivery.ApiKeyAuth;
import io.ferry.delivery.ClearableFields;
import io.ferry.delivery.MissingCredentials;
import io.ferry.delivery.OrderKey;
import io.ferry.delivery.VendorAuth;
import io.ferry.delivery.SyncMode;
import io.ferry.delivery.Upsert;
import io.ferry.delivery.VendorDelivery;
import io.ferry.record.Targets;
import io.ferry.store.IdMapStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Binds the beans of routes/complycube.camel.yaml from the complycube.* configuration, and refuses to start when it is
 * wrong: no API key, an unknown sync mode, a metadata key ComplyCube would refuse.
 */
public final class ComplyCubeConfiguration {

    /** The environment variable holding the API key (Camel maps it to complycube.api-key). */
    public static final String API_KEY_ENV = "COMPLYCUBE_API_KEY";

    private ComplyCubeConfiguration() {
    }

    /** Binds complycubeAuth and complycubeClients. */
    public static void bind(CamelContext context, Settings settings, IdMapStore idMap) {
        Registry registry = context.getRegistry();
        List<String> missing = missingCredentials(settings);
        // Without a key the vendor is disabled (its routes do not start); the auth step only refuses.
        VendorAuth auth = missing.isEmpty() ? new ApiKeyAuth("Authorization", settings.string("complycube.api-key", null))
                : new MissingCredentials("ComplyCube", missing);
        registry.bind("complycubeAuth", auth);
        SyncMode mode = SyncMode.parse("complycube.sync-mode", settings.string("complycube.sync-mode", "upsert"));
        registry.bind("complycubeClients", new VendorDelivery("ComplyCube", new Upsert(Targets.COMPLYCUBE_CLIENTS,
                mode, "complycube.sync-mode", new ComplyCubeClientMapper(metadataKey(settings),
                        settings.bool("complycube.create-requires-email", true), ClearableFields.of(
                                "complycube.clear-fields", settings.list("complycube.clear-fields", ""),
                                ComplyCubeClientMapper.CLEARABLE)),
                new ComplyCubeUpsertRules(), idMap, settings.bool("ferry.force-resend", false)), auth,
                OrderKey.of(settings.string("complycube.order-key", null))));
    }

    /** The environment variables ComplyCube needs that are not set; empty when it can run. */
    public static List<String> missingCredentials(Settings settings) {
        List<String> missing = new ArrayList<>();
        if (settings.string("complycube.api-key", null) == null) {
            missing.add(API_KEY_ENV);
        }
        return missing;
    }

    private static String metadataKey(Settings settings) {
        String key = settings.string("complycube.external-id-metadata-key", "ferry_external_id");
        if (key.length() > ComplyCubeClientMapper.MAX_METADATA_KEY_LENGTH || !key.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("configuration complycube.external-id-metadata-key must be at most "
                    + ComplyCubeClientMapper.MAX_METADATA_KEY_LENGTH + " letters, digits, '_' or '-' (a ComplyCube"
                    + " metadata key that can also be used as a list filter), not '" + key + "'");
        }
        return key;
    }
}
