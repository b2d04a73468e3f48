package io.ferry.cor;

import io.ferry.Settings;
import io.ferry.delivery.ClearableFields;
import io.ferry.delivery.MissingCredentials;
import io.ferry.delivery.OrderKey;
import io.ferry.delivery.SyncMode;
import io.ferry.delivery.VendorAuth;
import io.ferry.delivery.Upsert;
import io.ferry.delivery.VendorDelivery;
import io.ferry.record.Targets;
import io.ferry.store.IdMapStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the beans of routes/cor.camel.yaml from the cor.* configuration, and refuses to start when it is wrong:
 * missing credentials, an undocumented cor.source, an unknown sync mode, a batch size above COR's limit.
 */
public final class CorConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CorConfiguration.class);

    /** COR accepts at most this many rates per currency-exchanges call. */
    public static final int MAX_BATCH = 20;

    private CorConfiguration() {
    }

    /** Binds corAuth, corClients, corContracts and corRates; returns what must be closed on shutdown. */
    public static AutoCloseable bind(CamelContext context, Settings settings, IdMapStore idMap) {
        Registry registry = context.getRegistry();
        VendorAuth auth = auth(settings);
        registry.bind("corAuth", auth);
        CorSources sources = new CorSources(settings.string("cor.source", null));

        SyncMode clientsMode = SyncMode.parse("cor.clients.sync-mode", settings.string("cor.clients.sync-mode", "upsert"));
        ClearableFields clientsClear = ClearableFields.of("cor.clients.clear-fields",
                settings.list("cor.clients.clear-fields", ""), CorClientMapper.OPTIONAL);
        registry.bind("corClients", new VendorDelivery("COR", new Upsert(Targets.COR_CLIENTS, clientsMode,
                "cor.clients.sync-mode", new CorClientMapper(sources, clientsClear), CorUpsertRules.clients(), idMap,
                settings.bool("ferry.force-resend", false)), auth,
                OrderKey.of(settings.string("cor.clients.order-key", null))));

        SyncMode contractsMode = SyncMode.parse("cor.contracts.sync-mode",
                settings.string("cor.contracts.sync-mode", "upsert"));
        String currencyField = settings.string("cor.contracts.currency-field", "currency");
        registry.bind("corContracts", new VendorDelivery("COR", new Upsert(Targets.COR_CONTRACTS, contractsMode,
                "cor.contracts.sync-mode", new CorContractMapper(sources, currencyField, ClearableFields.of(
                        "cor.contracts.clear-fields", settings.list("cor.contracts.clear-fields", ""),
                        CorContractMapper.CLEARABLE)), CorUpsertRules.contracts(),
                idMap, settings.bool("ferry.force-resend", false)), auth,
                // A contract waits for its client: the default keeps that order when the key is not configured.
                OrderKey.of(settings.string("cor.contracts.order-key", "client_id"))));

        int batchSize = settings.integer("cor.rates.batch-size", MAX_BATCH);
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("configuration cor.rates.batch-size must be between 1 and " + MAX_BATCH
                    + " (COR's limit per call), not " + batchSize);
        }
        int concurrency = settings.integer("cor.rates.concurrency", MAX_BATCH);
        if (concurrency < batchSize) {
            LOG.warn("cor.rates.concurrency ({}) is below cor.rates.batch-size ({}): a file's batches cannot fill up and"
                    + " each one waits cor.rates.batch-wait", concurrency, batchSize);
        }
        CorRates rates = new CorRates(new CorRateMapper(sources, settings.string("cor.base-currency", null)), idMap,
                auth, context, "direct:cor-exchange-rates-batch", batchSize,
                settings.duration("cor.rates.batch-wait", "200ms"),
                context.getExecutorServiceManager().newScheduledThreadPool(CorRates.class, "cor-rates-batch", 4));
        registry.bind("corRates", rates);
        return rates;
    }

    /** The environment variables still to set for COR, or empty when its credentials are configured. */
    public static List<String> missingCredentials(Settings settings) {
        if (settings.string("cor.access-token", null) != null) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        if (settings.string("cor.api-key", null) == null) {
            missing.add("COR_API_KEY");
        }
        if (settings.string("cor.client-secret", null) == null) {
            missing.add("COR_CLIENT_SECRET");
        }
        return missing.isEmpty() ? missing : List.of(String.join(" and ", missing) + " (OAuth client credentials), "
                + "or COR_ACCESS_TOKEN (a token issued elsewhere)");
    }

    private static VendorAuth auth(Settings settings) {
        List<String> missing = missingCredentials(settings);
        if (!missing.isEmpty()) {
            return new MissingCredentials("COR", missing);
        }
        String staticToken = settings.string("cor.access-token", null);
        if (staticToken != null) {
            return CorAuth.staticToken(staticToken);
        }
        return CorAuth.clientCredentials(settings.string("cor.token-url", "https://api.projectcor.com/v1/oauth/token"),
                settings.string("cor.api-key", null), settings.string("cor.client-secret", null),
                settings.duration("cor.token-refresh-margin", "60s"),
                settings.duration("ferry.http.connect-timeout", "5s"), settings.duration("ferry.http.response-timeout", "30s"),
                Clock.systemUTC());
    }
}
