package io.ferry.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A COR exchange rate held by the sandbox.
 *
 * @param key currency pair and effective day
 * @param source the {@code metadata.source} it was posted with
 * @param item the posted record as sent; never mutated once stored
 */
record CorExchangeRate(RateKey key, String source, ObjectNode item, Instant updatedAt) {
}
