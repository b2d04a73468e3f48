package io.ferry.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.ferry.record.Outcome;
import io.ferry.record.Record;
import io.ferry.record.RecordExchange;
import io.ferry.record.Source;
import io.ferry.store.CreateInProgressException;
import io.ferry.store.IdMapStore;
import io.ferry.store.Store;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery loop's steps: the request goes out once more after a 401, and a second 401 fails the record; a step
 * that met another instance's create claim starts the record again when it is redelivered.
 */
class VendorDeliveryTest {

    private final Store store = new Store("jdbc:h2:mem:delivery-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", 1);
    private final AtomicInteger renewals = new AtomicInteger();

    @AfterEach
    void close() {
        store.close();
    }

    private VendorDelivery delivery(boolean canRenew) {
        UpsertMapping mapping = new UpsertMapping() {
            @Override
            public void check(Record record) {
            }

            @Override
            public java.util.List<String> missingForCreate(Record record) {
                return java.util.List.of();
            }

            @Override
            public VendorRequest createRequest(Record record) {
                return VendorRequest.post("/things", record.fields());
            }

            @Override
            public com.fasterxml.jackson.databind.node.ObjectNode updateBody(Record record) {
                return record.fields();
            }

            @Override
            public VendorRequest updateRequest(Record record, Entity entity) {
                return VendorRequest.put("/things/" + record.externalId(), record.fields());
            }
        };
        UpsertRules rules = new UpsertRules() {
            @Override
            public VendorErrorParser errors() {
                return VendorError::unparsed;
            }

            @Override
            public boolean isDuplicate(VendorError error) {
                return false;
            }

            @Override
            public boolean isNotFound(VendorError error) {
                return error.status() == 404;
            }
        };
        VendorAuth auth = new VendorAuth() {
            @Override
            public void authorize(Exchange exchange) {
                exchange.getMessage().setHeader("Authorization", "Bearer t");
            }

            @Override
            public boolean renew(Exchange exchange) {
                renewals.incrementAndGet();
                return canRenew;
            }
        };
        return new VendorDelivery("Acme", new Upsert("things", SyncMode.UPSERT, "acme.sync-mode", mapping, rules,
                new IdMapStore(store.dataSource())), auth);
    }

    private static Exchange exchange() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(RecordExchange.RECORD, Record.of("things", Source.file("f.csv", 1), "T1",
                JsonNodeFactory.instance.objectNode().put("id", "T1")));
        return exchange;
    }

    private static void answer(Exchange exchange, int status, String body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
    }

    @Test
    void firstUnauthorizedRetriesTheSameRequestAndTheSecondFailsTheRecord() {
        VendorDelivery delivery = delivery(true);
        Exchange exchange = exchange();
        delivery.plan(exchange);
        VendorRequest first = exchange.getProperty(VendorCall.PENDING, VendorRequest.class);
        answer(exchange, 401, "expired");
        delivery.onResponse(exchange);
        assertThat(exchange.getProperty(VendorCall.PENDING)).isSameAs(first);
        assertThat(RecordExchange.outcome(exchange)).isNull();
        answer(exchange, 401, "still no");
        delivery.onResponse(exchange);
        assertThat(exchange.getProperty(VendorCall.PENDING)).isNull();
        assertThat(RecordExchange.outcome(exchange)).isEqualTo(Outcome.failed(401, "UNAUTHORIZED",
                "Acme refused the credentials even after renewing them: still no"));
        assertThat(renewals).hasValue(1);
    }

    @Test
    void credentialsThatCannotBeRenewedFailAtOnce() {
        VendorDelivery delivery = delivery(false);
        Exchange exchange = exchange();
        delivery.plan(exchange);
        answer(exchange, 401, "bad token");
        delivery.onResponse(exchange);
        assertThat(RecordExchange.outcome(exchange)).isEqualTo(Outcome.failed(401, "UNAUTHORIZED",
                "Acme refused the credentials: bad token"));
    }

    @Test
    void theRequestStepsClearTheHeadersAndTakeTheRateTokenOnlyOnceTheCredentialsAreThere() throws Exception {
        AtomicInteger authorized = new AtomicInteger();
        VendorAuth flaky = new VendorAuth() {
            @Override
            public void authorize(Exchange exchange) throws java.io.IOException {
                if (authorized.incrementAndGet() == 1) {
                    throw new java.io.IOException("token endpoint unreachable");
                }
                exchange.getMessage().setHeader("Authorization", "Bearer fresh");
            }

            @Override
            public boolean renew(Exchange exchange) {
                return false;
            }
        };
        VendorDelivery delivery = new VendorDelivery("Acme", delivery(true).upsert(), flaky);
        RateLimits rateLimits = new RateLimits(v -> 1000, v -> 1, 1);
        DefaultCamelContext context = new DefaultCamelContext();
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(RecordExchange.RECORD, Record.of("things", Source.file("f.csv", 1), "T1",
                JsonNodeFactory.instance.objectNode().put("id", "T1")));
        delivery.plan(exchange);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
        exchange.getMessage().setHeader("Authorization", "Bearer stale");

        // The loop's steps in delivery.camel.yaml: removeHeaders "*", vendorRequests.write, auth.authorize,
        // rateLimits.take; the error handler redelivers the step that failed.
        exchange.getMessage().removeHeaders("*");
        new VendorCall().write(exchange);
        assertThatThrownBy(() -> flaky.authorize(exchange)).isInstanceOf(java.io.IOException.class);
        assertThat(exchange.getProperty(VendorCall.RATE_TICKET)).as("no token taken for a call that cannot go")
                .isNull();
        flaky.authorize(exchange);
        rateLimits.take(exchange);
        assertThat(exchange.getProperty(VendorCall.RATE_TICKET)).isNotNull();
        assertThat(exchange.getMessage().getHeaders()).containsEntry("Authorization", "Bearer fresh")
                .containsEntry(Exchange.HTTP_PATH, "/things").doesNotContainKey(Exchange.HTTP_RESPONSE_CODE);
    }

    @Test
    void requestIsWrittenAsCamelHttpHeadersAndJsonBytes() {
        VendorDelivery delivery = delivery(true);
        Exchange exchange = exchange();
        delivery.plan(exchange);
        new VendorCall().write(exchange);
        assertThat(exchange.getMessage().getHeaders()).containsEntry(Exchange.HTTP_METHOD, org.apache.camel.component.http.HttpMethods.POST)
                .containsEntry(Exchange.HTTP_PATH, "/things").containsEntry("Content-Type", "application/json")
                .containsEntry("Accept", "application/json").doesNotContainKey(Exchange.HTTP_QUERY);
        assertThat(exchange.getMessage().getBody(String.class)).isEqualTo("{\"id\":\"T1\"}");
    }

    @Test
    void aStepThatMetAnotherInstancesCreateClaimStartsTheRecordAgainWhenRedelivered() {
        IdMapStore idMap = new IdMapStore(store.dataSource());
        idMap.save("things", "T1", "77", null);
        VendorDelivery delivery = delivery(true);
        Exchange exchange = exchange();
        delivery.plan(exchange);
        assertThat(exchange.getProperty(VendorCall.PENDING, VendorRequest.class).method()).isEqualTo("PUT");
        // The vendor lost T1 and another instance is creating it already.
        IdMapStore other = new IdMapStore(store.dataSource(), "instance-b", java.time.Duration.ofMinutes(5));
        other.claimCreate("things", "T1");
        answer(exchange, 404, "gone");
        assertThatThrownBy(() -> delivery.onResponse(exchange)).isInstanceOf(CreateInProgressException.class);

        other.saveNew("things", "T1", "78", null, null);
        // The error handler redelivers the step with the same (now stale) answer on the message.
        delivery.onResponse(exchange);
        VendorRequest next = exchange.getProperty(VendorCall.PENDING, VendorRequest.class);
        assertThat(next.method() + " " + next.path()).isEqualTo("PUT /things/T1");
        assertThat(idMap.find("things", "T1").orElseThrow().vendorId()).isEqualTo("78");
    }
}
