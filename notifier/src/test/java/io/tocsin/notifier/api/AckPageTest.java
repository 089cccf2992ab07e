package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AckPageTest {
    @Test
    void whoAndWhichAlertAreEscaped() {
        String page = AckPage.acknowledged("<fp>", "\"bob\" <script>alert(1)</script>");
        assertFalse(page.contains("<script>"), page);
        assertTrue(page.contains("&lt;fp&gt;") && page.contains("&quot;bob&quot; &lt;script&gt;"), page);
    }

    @Test
    void theConfirmationPageAcknowledgesOnlyThroughAPostForm() {
        String page = AckPage.confirm("<fp>", "bob");
        assertTrue(
                page.contains("<form method=\"post\">")
                        && page.contains("<button type=\"submit\">Acknowledge</button>"),
                page);
        assertTrue(page.contains("&lt;fp&gt;") && !page.contains("<fp>"), page);
        assertFalse(page.contains("is acknowledged"), page);
    }

    @Test
    void theReasonForARefusalIsShownEscaped() {
        String page = AckPage.refused("the link expired at <then>");
        assertTrue(
                page.contains("<h1>Not acknowledged</h1>") && page.contains("the link expired at &lt;then&gt;."), page);
    }
}
