package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.Secret;
import io.tocsin.notifier.config.ConsoleConfig;
import io.tocsin.notifier.config.PagerDutyConfig;
import io.tocsin.notifier.config.SlackConfig;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    @Test
    void theVendorsPublishedLimitsAreTheDefaults() {
        var slack = RateLimits.of(
                        new SlackConfig(Secret.inline("https://hooks.slack.com/services/T/B/s3cr3t"), null, null, true))
                .orElseThrow();
        assertEquals(1.0, slack.perSecond());
        var pd = RateLimits.of(new PagerDutyConfig(Secret.inline("k".repeat(32)), null, null, true))
                .orElseThrow();
        assertEquals(2.0, pd.perSecond(), "120 a minute");
        assertTrue(RateLimits.of(new ConsoleConfig(true)).isEmpty());
        assertFalse(slack.key().contains("s3cr3t"), slack.key());
        assertFalse(pd.key().contains("kkkk"), pd.key());
    }

    @Test
    void aBotTokenIsLimitedPerChannel() {
        Secret api = Secret.inline(SlackConfig.DEFAULT_API_URL);
        var alerts = RateLimits.of(new SlackConfig(api, "#alerts", null, true, Secret.inline("xoxb-1")))
                .orElseThrow();
        var ops = RateLimits.of(new SlackConfig(api, "#ops", null, true, Secret.inline("xoxb-1")))
                .orElseThrow();
        var alertsAgain = RateLimits.of(new SlackConfig(api, "#alerts", null, true, Secret.inline("xoxb-2")))
                .orElseThrow();
        assertNotEquals(alerts.key(), ops.key());
        assertEquals(alerts.key(), alertsAgain.key());
    }
}
