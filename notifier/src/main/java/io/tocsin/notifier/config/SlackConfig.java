package io.tocsin.notifier.config;

import io.tocsin.core.config.Secret;
import java.util.Objects;

/**
 * A Slack incoming webhook. The URL is the credential, so it is a {@link Secret} and this
 * record's toString shows only where it came from.
 *
 * @param channel  optional channel override ({@code #alerts}); null to use the webhook's own
 * @param username optional display name override; null for the app's
 */
public record SlackConfig(Secret apiUrl, String channel, String username, boolean sendResolved) implements ChannelConfig {
    public static final String KIND = "slack";

    public SlackConfig {
        Objects.requireNonNull(apiUrl, "apiUrl");
    }

    @Override
    public String kind() {
        return KIND;
    }
}
