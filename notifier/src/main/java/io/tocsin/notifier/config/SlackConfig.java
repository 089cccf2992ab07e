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
 * @param templates the message fields given as templates (title, text, color, icon_emoji, icon_url, ...), by
 *                 alertmanager.yml field name; a field not given keeps Tocsin's own rendering
 * @param http     credentials sent with each request
 */
public record SlackConfig(
        Secret apiUrl,
        String channel,
        String username,
        boolean sendResolved,
        Secret token,
        MessageTemplates templates,
        HttpConfig http)
        implements ChannelConfig {
    public static final String KIND = "slack";
    public static final String DEFAULT_API_URL = "https://slack.com/api";

    public SlackConfig {
        Objects.requireNonNull(apiUrl, "apiUrl");
        templates = templates == null ? MessageTemplates.NONE : templates;
        http = http == null ? HttpConfig.NONE : http;
        if (token != null && channel == null) {
            throw new IllegalArgumentException("a bot token needs a channel");
        }
    }

    /** An incoming webhook. */
    public SlackConfig(Secret apiUrl, String channel, String username, boolean sendResolved) {
        this(apiUrl, channel, username, sendResolved, null);
    }

    /** By bot token, or by webhook when the token is null. */
    public SlackConfig(Secret apiUrl, String channel, String username, boolean sendResolved, Secret token) {
        this(apiUrl, channel, username, sendResolved, token, MessageTemplates.NONE, HttpConfig.NONE);
    }

    public boolean botMode() {
        return token != null;
    }

    @Override
    public String kind() {
        return KIND;
    }
}
