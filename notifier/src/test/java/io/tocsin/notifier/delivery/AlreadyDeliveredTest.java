package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.ledger.LedgerEntry;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlreadyDeliveredTest {
    private static final TopicPartition P0 = new TopicPartition("tocsin.notifications.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("tocsin.notifications.v1", 1);
    private static final Instant AT = TestAlerts.STARTS;
    private static final LedgerEntry DECISION = LedgerEntry.decision(
            "d1", "team", "{}:{}", AlertState.FIRING, List.of(TestAlerts.firing("HighCpu")), "new", AT);

    @ParameterizedTest(name = "{0} with outcome {1} finishes its channel: {2}")
    @CsvSource({
        "ATTEMPT,     delivered, true",
        "ATTEMPT,     retryable, false",
        "ATTEMPT,     permanent, false",
        "DEAD_LETTER, permanent, true",
        "DEAD_LETTER, retryable, true",
    })
    void onlyADeliveredAttemptOrADeadLetterFinishesAChannel(LedgerEntry.Kind kind, String outcome, boolean finishes) {
        LedgerEntry e = kind == LedgerEntry.Kind.ATTEMPT
                ? DECISION.attempt("webhook[0]", outcome, 200, "", 1, AT)
                : DECISION.deadLetter("webhook[0]", outcome, 500, "", 3, AT);
        assertEquals(finishes, AlreadyDelivered.finishes(e));
    }

    @Test
    void aDecisionItselfFinishesNothing() {
        assertFalse(AlreadyDelivered.finishes(DECISION));
    }

    @Test
    void aFinishedChannelIsKnownOnlyForItsPartitionDecisionAndChannel() {
        AlreadyDelivered d = new AlreadyDelivered();
        d.scanned(P0, 100);
        d.note(P0, DECISION.attempt("webhook[0]", "delivered", 200, "", 1, AT));
        assertTrue(d.contains(P0, "d1", "webhook[0]"));
        assertFalse(d.contains(P0, "d1", "slack[0]"));
        assertFalse(d.contains(P0, "d2", "webhook[0]"));
        assertFalse(d.contains(P1, "d1", "webhook[0]"));
    }

    @Test
    void aPartitionIsForgottenOnceCommittedPastWhatWasScanned() {
        AlreadyDelivered d = new AlreadyDelivered();
        d.scanned(P0, 100);
        d.note(P0, DECISION.attempt("webhook[0]", "delivered", 200, "", 1, AT));
        d.committed(P0, 99);
        assertTrue(d.contains(P0, "d1", "webhook[0]"), "the scanned range is not all behind the commit yet");
        d.committed(P0, 100);
        assertFalse(d.contains(P0, "d1", "webhook[0]"));
        assertEquals(0, d.size());
    }

    @Test
    void aRevokedPartitionIsForgotten() {
        AlreadyDelivered d = new AlreadyDelivered();
        d.scanned(P0, 100);
        d.note(P0, DECISION.attempt("webhook[0]", "delivered", 200, "", 1, AT));
        d.forget(List.of(P0));
        assertFalse(d.contains(P0, "d1", "webhook[0]"));
        assertEquals(0, d.size());
    }
}
