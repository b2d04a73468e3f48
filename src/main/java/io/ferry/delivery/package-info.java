/**
 * Vendor-neutral delivery of records to SaaS APIs: the pieces every vendor target reuses.
 *
 * <ul>
 *   <li>Values: {@link io.ferry.delivery.VendorRequest} (method, path, query, JSON body, extra headers) and
 *       {@link io.ferry.delivery.VendorError} (status, name, code, message, raw text cut to 500 characters).
 *   <li>Classification: {@link io.ferry.delivery.FailureClassifier} into design.md's
 *       {@link io.ferry.delivery.FailureClass}es. Invalid records are rejected before any call
 *       ({@link io.ferry.delivery.InvalidRecordException}). Transient failures throw at the HTTP step and are
 *       redelivered by routes/delivery-errors.camel.yaml. Awaiting errors park the record with a key. Anything else is
 *       a permanent failure with the vendor's code and message.
 *   <li>Upsert: {@link io.ferry.delivery.Upsert} chooses create or update from the id map, switches once on
 *       "duplicate" or "not found", honours the {@link io.ferry.delivery.SyncMode}, and writes the id map in the step
 *       that decides the outcome. For vendors without an upsert by external id (ComplyCube, Clemta) the id map holds
 *       the vendor's id; when it has none, an {@link io.ferry.delivery.UpsertLookup} asks the vendor first (by a
 *       metadata key, by e-mail) and its answer decides between update and create. A kind that can never change
 *       (ComplyCube's client type) is kept in the id map and checked before each update.
 *   <li>Files: {@link io.ferry.delivery.DeliveryLanes} delivers a file's records several at a time, records with the
 *       same {@link io.ferry.delivery.OrderKey} (a target's &lt;target&gt;.order-key field, else the external id) one
 *       after the other, and settles unchanged records ahead of delivery ({@link io.ferry.delivery.ChangeDetector}).
 *   <li>Route steps: {@link io.ferry.delivery.VendorDelivery} (plan, onResponse, including the one retry after a
 *       401), {@link io.ferry.delivery.VendorCall} (puts the pending request on the message), the vendor's
 *       {@link io.ferry.delivery.VendorAuth} (adds its credentials), {@link io.ferry.delivery.RateLimits} (waits for
 *       the vendor's token),
 *       {@link io.ferry.delivery.VendorFailures} and {@link io.ferry.delivery.OnFailedAttempt} (the error handler's
 *       steps), and {@link io.ferry.delivery.Batcher} for batch endpoints.
 * </ul>
 *
 * <p>A new vendor target provides four things:
 * <ol>
 *   <li>an {@link io.ferry.delivery.UpsertMapping}: validation and the create and update requests (the update's
 *       method is the mapping's: PUT, POST, PATCH), and for vendors that address entities by their own id, the
 *       lookup and the kind check;
 *   <li>an {@link io.ferry.delivery.UpsertRules}: its error parser, which errors mean duplicate, not found, awaiting
 *       or "the record is wrong" (rejected), and where its id and kind sit in a success body;
 *   <li>a {@link io.ferry.delivery.VendorAuth}: a step that adds its credentials and renews them after a 401
 *       ({@link io.ferry.delivery.ApiKeyAuth} for a static key in a header);
 *   <li>a templatedRoute of {@code vendor-upsert} (routes/delivery.camel.yaml) with its target, its VendorDelivery
 *       bean, its auth bean (the same the VendorDelivery holds), its rate-limit bean and its base URL.
 * </ol>
 * The vendor-errors route configuration, the report row and the id map then work the same as for COR.
 */
package io.ferry.delivery;
