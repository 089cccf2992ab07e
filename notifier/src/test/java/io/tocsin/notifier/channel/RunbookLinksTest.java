package io.tocsin.notifier.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunbookLinksTest {
    private static final String BASE = "https://github.com/acme/ops/blob/main/";

    @ParameterizedTest(name = "{0} against {1} is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            rules-examples/web/README.md#webhigherrorrate | https://github.com/acme/ops/blob/main/ | https://github.com/acme/ops/blob/main/rules-examples/web/README.md#webhigherrorrate
            rules-examples/web/README.md#webhigherrorrate | https://github.com/acme/ops/blob/main  | https://github.com/acme/ops/blob/main/rules-examples/web/README.md#webhigherrorrate
            /rules-examples/web/README.md                 | https://wiki.example.org/runbooks/     | https://wiki.example.org/runbooks/rules-examples/web/README.md
            ./web/README.md#a b                           | https://wiki.example.org/              | https://wiki.example.org/web/README.md#a%20b
            https://wiki.example.org/page#x               | https://github.com/acme/ops/blob/main/ | https://wiki.example.org/page#x
            rules-examples/web/README.md#x                | ''                                     | rules-examples/web/README.md#x
            """)
    void aRelativeRunbookIsResolvedAgainstTheBaseAndAnAbsoluteOneIsLeftAlone(
            String link, String base, String expected) {
        assertEquals(expected, RunbookLinks.absolute(link, base));
    }

    @Test
    void aNotificationCarriesItsAlertsRunbooksAbsoluteAndEverythingElseAsItWas() {
        Alert a = alert(Map.of("summary", "5xx at 2%", "runbook_url", "rules-examples/web/README.md#webhigherrorrate"));
        Alert b = alert(Map.of("summary", "no runbook"));
        Notification n = new Notification("id", "slack", "g", AlertState.FIRING, List.of(a, b));

        Notification out = RunbookLinks.absolute(n, BASE);

        assertEquals(
                BASE + "rules-examples/web/README.md#webhigherrorrate",
                out.alerts().get(0).annotations().get("runbook_url"));
        assertEquals("5xx at 2%", out.alerts().get(0).annotations().get("summary"));
        assertSame(b, out.alerts().get(1));
        assertEquals(n.groupKey(), out.groupKey());
        assertSame(n, RunbookLinks.absolute(n, ""), "no base: nothing to do");
    }

    private static Alert alert(Map<String, String> annotations) {
        return new Alert(
                Labels.of(Map.of("alertname", "WebHighErrorRate")),
                annotations,
                AlertState.FIRING,
                0.02,
                Instant.EPOCH,
                null,
                "rules",
                "v1",
                "");
    }
}
