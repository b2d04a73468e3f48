package io.ferry.deadletter;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: DOWN while a vendor is paused because it refused Ferry's credentials, naming the vendor and why. */
public final class VendorHealthCheck extends AbstractHealthCheck {

    private final VendorPause pause;

    public VendorHealthCheck(VendorPause pause) {
        super("ferry", "vendors");
        this.pause = pause;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, VendorPause.Pause> paused = pause.paused();
        if (paused.isEmpty()) {
            builder.up();
            return;
        }
        paused.forEach((vendor, why) -> builder.detail(vendor, why.until() == null ? "disabled: " + why.reason()
                : "paused until " + why.until() + ": " + why.reason()));
        builder.message("paused vendors: " + String.join(", ", paused.keySet())).down();
    }
}
