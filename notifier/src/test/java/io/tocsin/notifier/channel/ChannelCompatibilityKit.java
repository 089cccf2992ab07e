package io.tocsin.notifier.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ack.Acknowledgement;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every channel must do, whatever the vendor (like Micrometer's MeterRegistryCompatibilityKit):
 * a channel test extends this class, starts its vendor fake and builds the channel against it.
 * Failures are results: 5xx/transient and timeouts may be retried, 429 waits for Retry-After,
 * other rejections are permanent; no result ever carries a secret; notifications larger than the
 * vendor accepts are cut down and still delivered; resolved and acknowledged groups are shown.
 */
public abstract class ChannelCompatibilityKit {
    /** Failure modes a vendor fake can be told to produce for the next request. */
    public enum Failure {
        /** 5xx, or SMTP 4xx: the vendor is having trouble. */
        SERVER_ERROR,
        /** 429 with {@code Retry-After: 7}. */
        RATE_LIMITED,
        /** A rejection that repeating will not fix (4xx other than 429, SMTP 5xx). */
        REJECTED,
        /** The vendor accepts the connection and never answers. */
        STALL,
        /** Nothing listens any more. */
        UNREACHABLE
    }

    /** The vendor side, as the kit drives and inspects it. */
    protected interface Vendor extends AutoCloseable {
        Set<Failure> failures();

        /** The next request meets this failure (UNREACHABLE: from now on). */
        void failNext(Failure failure);

        /** Messages the vendor accepted, each as text (a JSON body, a whole e-mail), oldest first. */
        List<String> accepted();

        /** Strings that must never appear in a result: webhook paths, keys, tokens, passwords. */
        List<String> secrets();

        @Override
        void close();
    }

    protected static final Duration TIMEOUT = Duration.ofSeconds(5);
    protected static final Duration SHORT_TIMEOUT = Duration.ofMillis(400);
    protected static final Instant NOW = Instant.parse("2026-01-10T10:05:00Z");

    protected Vertx vertx;
    protected Vendor vendor;

    protected abstract Vendor startVendor(Vertx vertx);

    /** A channel that talks to {@code vendor}; called after any {@link Vendor#failNext}. */
    protected abstract Channel channel(Vendor vendor, Duration timeout, Clock clock);

    /** How this channel shows that someone acknowledged the group; by default, the person's name. */
    protected void assertShowsAcknowledgement(String accepted, Acknowledgement ack) {
        assertTrue(accepted.contains(ack.by()), accepted);
    }

    /** How this channel shows a resolved group; by default the word, in any case. */
    protected void assertShowsResolved(String accepted) {
        assertTrue(accepted.toLowerCase(Locale.ROOT).contains("resolved"), accepted);
    }

    /** The vendor's size limits, checked on what it accepted; fakes refuse oversize messages too. */
    protected abstract void assertWithinVendorLimits(String accepted);

    @BeforeEach
    void startKit() {
        vertx = Vertx.vertx();
        vendor = startVendor(vertx);
    }

    @AfterEach
    void stopKit() throws Exception {
        vendor.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aFiringGroupIsDelivered() {
        DeliveryResult r = deliver(firing("HighCpu", "db-1"));
        assertEquals(DeliveryResult.Outcome.DELIVERED, r.outcome(), r.detail());
        assertEquals(1, vendor.accepted().size());
        assertTrue(
                vendor.accepted().get(0).contains("HighCpu"), vendor.accepted().get(0));
        assertTrue(vendor.accepted().get(0).contains("db-1"), vendor.accepted().get(0));
    }

    @Test
    void aServerErrorMayBeRetried() {
        assumeTrue(vendor.failures().contains(Failure.SERVER_ERROR));
        vendor.failNext(Failure.SERVER_ERROR);
        DeliveryResult r = deliver(firing("HighCpu", "db-1"));
        assertEquals(DeliveryResult.Outcome.RETRYABLE, r.outcome(), r.detail());
        assertNoSecret(r);
        assertEquals(
                DeliveryResult.Outcome.DELIVERED,
                deliver(firing("HighCpu", "db-1")).outcome(),
                "recovered");
    }

    @Test
    void aRateLimitIsRetriedAfterTheVendorsRetryAfter() {
        assumeTrue(vendor.failures().contains(Failure.RATE_LIMITED));
        vendor.failNext(Failure.RATE_LIMITED);
        DeliveryResult r = deliver(firing("HighCpu", "db-1"));
        assertEquals(DeliveryResult.Outcome.RETRYABLE, r.outcome(), r.detail());
        assertEquals(Integer.valueOf(429), r.httpStatus());
        assertEquals(Duration.ofSeconds(7), r.retryAfter().orElseThrow());
        assertNoSecret(r);
    }

    @Test
    void aRejectionIsPermanent() {
        assumeTrue(vendor.failures().contains(Failure.REJECTED));
        vendor.failNext(Failure.REJECTED);
        DeliveryResult r = deliver(firing("HighCpu", "db-1"));
        assertEquals(DeliveryResult.Outcome.PERMANENT, r.outcome(), r.detail());
        assertNoSecret(r);
    }

    @Test
    void aVendorThatNeverAnswersTimesOutAndMayBeRetried() {
        assumeTrue(vendor.failures().contains(Failure.STALL));
        vendor.failNext(Failure.STALL);
        long start = System.nanoTime();
        DeliveryResult r = await(
                channel(vendor, SHORT_TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC)).deliver(firing("HighCpu", "db-1")));
        assertEquals(DeliveryResult.Outcome.RETRYABLE, r.outcome(), r.detail());
        assertTrue(
                Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0,
                "bounded by the timeout");
        assertNoSecret(r);
    }

    @Test
    void anUnreachableVendorMayBeRetried() {
        assumeTrue(vendor.failures().contains(Failure.UNREACHABLE));
        vendor.failNext(Failure.UNREACHABLE);
        DeliveryResult r = deliver(firing("HighCpu", "db-1"));
        assertEquals(DeliveryResult.Outcome.RETRYABLE, r.outcome(), r.detail());
        assertNoSecret(r);
    }

    @Test
    void aGroupLargerThanTheVendorAcceptsIsCutDownAndDelivered() {
        List<Alert> alerts = new ArrayList<>();
        String huge = "x".repeat(20_000) + " <&> ";
        for (int i = 0; i < 300; i++) {
            alerts.add(TestAlerts.withAnnotations(
                    TestAlerts.firing("DiskFull", "instance", "host-" + i),
                    Map.of("summary", "disk full on host-" + i + " " + huge, "description", huge)));
        }
        DeliveryResult r = deliver(notification(AlertState.FIRING, alerts, null));
        assertEquals(DeliveryResult.Outcome.DELIVERED, r.outcome(), r.detail());
        assertWithinVendorLimits(vendor.accepted().get(0));
    }

    @Test
    void aResolvedGroupIsShownAsResolved() {
        Alert resolved = TestAlerts.resolved("HighCpu", "instance", "db-1");
        DeliveryResult r = deliver(notification(AlertState.RESOLVED, List.of(resolved), null));
        assertEquals(DeliveryResult.Outcome.DELIVERED, r.outcome(), r.detail());
        assertShowsResolved(last());
    }

    @Test
    void anAcknowledgedGroupShowsWhoTookIt() {
        Acknowledgement ack = new Acknowledgement("alice@example.com", "looking into it", NOW);
        deliver(firing("HighCpu", "db-1"));
        DeliveryResult r = deliver(
                notification(AlertState.FIRING, List.of(TestAlerts.firing("HighCpu", "instance", "db-1")), ack));
        assertEquals(DeliveryResult.Outcome.DELIVERED, r.outcome(), r.detail());
        assertShowsAcknowledgement(last(), ack);
    }

    @Test
    void everyFailureDetailIsFreeOfSecrets() {
        for (Failure f : vendor.failures()) {
            if (f == Failure.UNREACHABLE || f == Failure.STALL) {
                continue; // covered by their own tests; both end the vendor's usefulness for this one
            }
            vendor.failNext(f);
            assertNoSecret(deliver(firing("HighCpu", "db-1")));
        }
    }

    protected DeliveryResult deliver(Notification n) {
        return await(channel(vendor, TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC)).deliver(n));
    }

    /** A channel's answer; a channel that never answers fails the test instead of hanging it. */
    protected static DeliveryResult await(Future<DeliveryResult> answer) {
        try {
            return answer.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the channel did not answer with a result", e);
        }
    }

    protected String last() {
        List<String> all = vendor.accepted();
        assertFalse(all.isEmpty(), "the vendor accepted nothing");
        return all.get(all.size() - 1);
    }

    protected void assertNoSecret(DeliveryResult r) {
        for (String secret : vendor.secrets()) {
            assertFalse(r.detail().contains(secret), "secret in detail: " + r.detail());
            assertFalse(r.toString().contains(secret), "secret in result: " + r);
        }
    }

    protected static Notification firing(String alertname, String instance) {
        return notification(AlertState.FIRING, List.of(TestAlerts.firing(alertname, "instance", instance)), null);
    }

    protected static Notification notification(AlertState status, List<Alert> alerts, Acknowledgement ack) {
        return new Notification(
                "n-1", "team", "{}:{alertname=\"HighCpu\"}", Labels.of("alertname", "HighCpu"), status, alerts, ack);
    }
}
