package io.tocsin.notifier.config;

/** Writes notifications to the log and stdout: the receiver that works with no setup at all. */
public record ConsoleConfig(boolean sendResolved) implements ChannelConfig {
    public static final String KIND = "console";

    @Override
    public String kind() {
        return KIND;
    }
}
