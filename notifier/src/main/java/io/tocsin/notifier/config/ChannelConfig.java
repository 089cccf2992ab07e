package io.tocsin.notifier.config;

/**
 * One integration of a receiver, as written under {@code <kind>_configs}. A new channel adds a
 * record here, its parsing in {@link ReceiverParser}, and one line in the channel registry.
 */
public sealed interface ChannelConfig permits ConsoleConfig, SlackConfig, PagerDutyConfig, WebhookConfig, EmailConfig {

    /** The channel kind, e.g. {@code slack}: the prefix of its {@code _configs} key. */
    String kind();

    /** Whether this integration is told when an alert resolves (Alertmanager's send_resolved). */
    boolean sendResolved();
}
