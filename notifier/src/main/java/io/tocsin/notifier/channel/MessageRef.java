package io.tocsin.notifier.channel;

import java.util.Objects;

/**
 * Where a group's editable chat message is: Slack's chat.update needs the channel id Slack
 * answered with (not the name) and the message's ts.
 */
public record MessageRef(String channel, String ts) {
    public MessageRef {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(ts, "ts");
    }
}
