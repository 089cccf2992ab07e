package io.tocsin.notifier.inhibit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tocsin.core.label.MatchOp;
import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.TestAlerts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which alert inhibits another: the one API v2 shows in inhibitedBy. */
class InhibitionTest {
    private static final InhibitRule RULE = new InhibitRule(
            List.of(Matcher.of("severity", MatchOp.EQUAL, "critical")),
            List.of(Matcher.of("severity", MatchOp.EQUAL, "warning")),
            List.of("cluster"));
    private static final Alert SOURCE = TestAlerts.firing("ClusterDown", "severity", "critical", "cluster", "eu-1");

    @Test
    void aTargetNamesTheSourceThatInhibitsIt() {
        Alert target = TestAlerts.firing("HighLatency", "severity", "warning", "cluster", "eu-1");
        assertEquals(
                SOURCE.fingerprint(), Inhibition.inhibitor(List.of(RULE), target, List.of(SOURCE), TestAlerts.STARTS));
    }

    @Test
    void aTargetWhoseEqualLabelsDifferIsNotInhibited() {
        Alert target = TestAlerts.firing("HighLatency", "severity", "warning", "cluster", "us-1");
        assertNull(Inhibition.inhibitor(List.of(RULE), target, List.of(SOURCE), TestAlerts.STARTS));
    }
}
