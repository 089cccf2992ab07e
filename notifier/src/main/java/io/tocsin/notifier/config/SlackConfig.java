package io.tocsin.notifier.config;

import io.tocsin.core.config.Secret;
import java.util.Objects;

/**
 * Slack, by incoming webhook or by bot token. With a webhook the URL is the credential, so it
 * is a {@link Secret} and this record's toString shows only where it came from. With a token
 * ({@code xoxb-…}), {@code apiUrl} is the Web API's base URL and messages are posted with
 * chat.postMessage and updated with chat.update.
 *
 * @param channel  the channel ({@code #alerts} or an id); optional with a webhook, required with a token
 * @param username optional display name override; null for the app's
 * @param token    the bot token, or null for webhook mode
 */
public record SlackConfig(Secret apiUrl, String channel, String username, boolean sendResolved, Secret token)
        implements ChannelConfig {
    public static final String KIND = "slack";
    public static final String DEFAULT_API_URL = "https://slack.com/api";

    public SlackConfig {
        Objects.requireNonNull(apiUrl, "apiUrl");
        if (token != null && channel == null) {
            throw new IllegalArgumentException("a bot token needs a channel");
        }
    }

    /** An incoming webhook. */
    public SlackConfig(Secret apiUrl, String channel, String username, boolean sendResolved) {
        this(apiUrl, channel, username, sendResolved, null);
    }

    public boolean botMode() {
        return token != null;
    }

    @Override
    public String kind() {
        return KIND;
    }
}
