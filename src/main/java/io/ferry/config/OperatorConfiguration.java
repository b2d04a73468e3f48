package io.ferry.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.Settings;
import io.ferry.delivery.RateLimits;
import io.ferry.delivery.VendorConcurrency;
import io.ferry.deadletter.DeadLetterQueue;
import io.ferry.operator.OperatorApi;
import io.ferry.deadletter.DeadLetterRelease;
import io.ferry.deadletter.VendorPause;
import io.ferry.observe.FerryMetrics;
import io.ferry.operator.ConsolePages;
import io.ferry.operator.OperatorToken;
import io.ferry.operator.RunsApi;
import io.ferry.record.Targets;
import io.ferry.report.HistoryRetention;
import io.ferry.report.Reports;
import java.time.Clock;
import java.util.List;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The operator interface (operator.camel.yaml): the dead letter and the vendors (operatorApi), the runs (runsApi), the
 * console (consolePages), and the clean-up of old runs (historyRetention). Both APIs ask for ferry.operator.token.
 */
public final class OperatorConfiguration implements CamelConfiguration {

    private final Settings settings;
    private final Targets targets;
    private final DeadLetterQueue queue;
    private final ObjectMapper json = new ObjectMapper();
    private final OperatorToken token;

    public OperatorConfiguration(Settings settings, Targets targets, DeadLetterQueue queue) {
        this.settings = settings;
        this.targets = targets;
        this.queue = queue;
        this.token = new OperatorToken(settings.string("ferry.operator.token", null));
    }

    @BindToRegistry("operatorApi")
    public OperatorApi operatorApi(@BeanInject("deadLetterRelease") DeadLetterRelease releaser, @BeanInject("vendorPause") VendorPause pause,
                                   @BeanInject("rateLimits") RateLimits rateLimits,
                                   @BeanInject("metrics") FerryMetrics metrics,
                                   @BeanInject("vendorConcurrency") VendorConcurrency concurrency) {
        List<String> vendors = targets.names().stream().map(VendorPause::vendorOf).distinct().toList();
        return new OperatorApi(queue, releaser, pause, json, token, vendors, rateLimits, metrics, concurrency);
    }

    @BindToRegistry("runsApi")
    public RunsApi runsApi(@BeanInject("reports") Reports reports) {
        return new RunsApi(reports.runs().store(), reports, token, json);
    }

    @BindToRegistry("consolePages")
    public ConsolePages consolePages() {
        return new ConsolePages();
    }

    @BindToRegistry("historyRetention")
    public HistoryRetention historyRetention(@BeanInject("reports") Reports reports) {
        return new HistoryRetention(reports.runs().store(), reports.dir(), settings.path("ferry.inbox.dir", "./inbox"),
                settings.duration("ferry.history.retention", "30d"), Clock.systemDefaultZone());
    }

    @Override
    public void configure(CamelContext context) {
        // Everything of the operator interface is a bean.
    }
}
