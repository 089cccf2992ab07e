package io.tocsin.notifier.delivery;

import io.tocsin.notifier.config.ChannelConfig;
import io.tocsin.notifier.config.PagerDutyConfig;
import io.tocsin.notifier.config.SlackConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The vendors' published rate limits, per destination: Slack about one message a second per
 * webhook (and per channel for chat.postMessage), PagerDuty 120 events a minute per routing key
 * (contracts.md). Integrations that share a destination share its bucket, whatever receiver
 * they belong to. Destinations are named by a hash: the webhook URL and the key are secrets.
 */
public final class RateLimits {

    /** @param key identifies the destination (safe to show); @param burst sends allowed at once */
    public record Limit(String key, double perSecond, int burst) {}

    public static final double SLACK_PER_SECOND = 1.0;
    public static final int SLACK_BURST = 1;
    public static final double PAGERDUTY_PER_SECOND = 120 / 60.0;
    public static final int PAGERDUTY_BURST = 10;

    private RateLimits() {}

    public static Optional<Limit> of(ChannelConfig config) {
        if (config instanceof SlackConfig slack) {
            String where = slack.token() == null
                    ? slack.apiUrl().reveal()
                    : slack.apiUrl().reveal() + " " + slack.channel();
            return Optional.of(new Limit("slack:" + hash(where), SLACK_PER_SECOND, SLACK_BURST));
        }
        if (config instanceof PagerDutyConfig pd) {
            return Optional.of(
                    new Limit("pagerduty:" + hash(pd.routingKey().reveal()), PAGERDUTY_PER_SECOND, PAGERDUTY_BURST));
        }
        return Optional.empty();
    }

    /** Twelve hex characters of SHA-256: enough to tell destinations apart, useless to guess a secret. */
    static String hash(String secret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
