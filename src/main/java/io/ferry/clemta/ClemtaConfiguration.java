package io.ferry.clemta;

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
import java.util.HashSet;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Binds the beans of routes/clemta.camel.yaml from the clemta.* configuration, and refuses to start when it is wrong:
 * no API key, an unknown sync mode.
 */
public final class ClemtaConfiguration {

    /** The environment variable holding the API key (Camel maps it to clemta.api-key). */
    public static final String API_KEY_ENV = "CLEMTA_API_KEY";

    private ClemtaConfiguration() {
    }

    /** Binds clemtaAuth and clemtaContacts. */
    public static void bind(CamelContext context, Settings settings, IdMapStore idMap) {
        Registry registry = context.getRegistry();
        List<String> missing = missingCredentials(settings);
        // Without a key the vendor is disabled (its routes do not start); the auth step only refuses.
        VendorAuth auth = missing.isEmpty() ? new ApiKeyAuth("X-API-KEY", settings.string("clemta.api-key", null))
                : new MissingCredentials("Clemta", missing);
        registry.bind("clemtaAuth", auth);
        SyncMode mode = SyncMode.parse("clemta.sync-mode", settings.string("clemta.sync-mode", "upsert"));
        ClemtaContactMapper mapper = new ClemtaContactMapper(settings.string("clemta.external-id-column", "external_id"),
                settings.list("clemta.patch-required-fields", String.join(",", ClemtaContactMapper.REQUIRED)),
                billingPatch(settings.string("clemta.patch-billing", "replace")),
                ClearableFields.of("clemta.clear-fields", settings.list("clemta.clear-fields", ""),
                        ClemtaContactMapper.CLEARABLE));
        ClemtaUpsertRules rules = new ClemtaUpsertRules(new HashSet<>(settings.list("clemta.not-found-codes",
                "CONTACT_NOT_FOUND,NOT_FOUND")));
        registry.bind("clemtaContacts", new VendorDelivery("Clemta", new Upsert(Targets.CLEMTA_CONTACTS, mode,
                "clemta.sync-mode", mapper, rules, idMap, settings.bool("ferry.force-resend", false)), auth,
                OrderKey.of(settings.string("clemta.order-key", null))));
    }

    private static ClemtaContactMapper.BillingPatch billingPatch(String value) {
        try {
            return ClemtaContactMapper.BillingPatch.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration clemta.patch-billing must be replace or merge, not '"
                    + value + "'");
        }
    }

    /** The environment variables Clemta needs that are not set; empty when it can run. */
    public static List<String> missingCredentials(Settings settings) {
        List<String> missing = new ArrayList<>();
        if (settings.string("clemta.api-key", null) == null) {
            missing.add(API_KEY_ENV);
        }
        return missing;
    }
}
