package io.tocsin.notifier.ack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.Secret;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.ManualClock;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.channel.Notification;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AckLinksTest {
    private static final Alert CPU = TestAlerts.firing("HighCpu", "instance", "db-1");
    private final ManualClock clock = ManualClock.at("2026-01-10T10:00:00Z");
    private final AckLinks links =
            new AckLinks("https://tocsin.example.org/", Secret.inline("s3cr3t"), Duration.ofHours(24), clock);

    private static Notification firing(Acknowledgement ack) {
        return new Notification("d1", "team", "{}:{}", null, AlertState.FIRING, List.of(CPU), ack);
    }

    @Test
    void aFiringNotificationGetsALinkThatAcknowledgesItsAlertAsTheRecipient() {
        String link = links.linkFor(firing(null), "oncall@example.org").orElseThrow();
        assertTrue(link.startsWith("https://tocsin.example.org/api/tocsin/v1/ack/"), link);
        AckToken.Checked checked = links.check(link.substring(link.lastIndexOf('/') + 1));
        AckToken token = assertInstanceOf(AckToken.Valid.class, checked).token();
        assertEquals(CPU.fingerprint(), token.fingerprint());
        assertEquals("oncall@example.org", token.by());
    }

    @Test
    void theLinkStopsWorkingAfterItsExpiry() {
        String link = links.linkFor(firing(null), "oncall@example.org").orElseThrow();
        clock.advance(Duration.ofHours(24));
        assertInstanceOf(AckToken.Refused.class, links.check(link.substring(link.lastIndexOf('/') + 1)));
    }

    @Test
    void resolvedOrAlreadyAcknowledgedNotificationsGetNoLink() {
        Notification resolved = new Notification(
                "d2",
                "team",
                "{}:{}",
                AlertState.RESOLVED,
                List.of(TestAlerts.resolved("HighCpu", "instance", "db-1")));
        assertEquals(Optional.empty(), links.linkFor(resolved, "x"));
        assertEquals(Optional.empty(), links.linkFor(firing(new Acknowledgement("bob", "", clock.instant())), "x"));
    }

    @Test
    void withoutASecretThereAreNoLinksAndEveryTokenIsRefused() {
        AckLinks off = new AckLinks("https://tocsin.example.org", null, Duration.ofHours(1), clock);
        assertEquals(Optional.empty(), off.linkFor(firing(null), "x"));
        assertEquals("https://tocsin.example.org", off.externalUrl());
        assertEquals(new AckToken.Refused("acknowledge links are not enabled"), off.check("abc.def"));
    }

    @Test
    void aSecretWithoutAnExternalUrlIsRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> new AckLinks("", Secret.inline("s"), Duration.ofHours(1), clock));
    }
}
