package io.tocsin.notifier.config;

import io.tocsin.core.config.Secret;
import java.time.Duration;
import java.util.Objects;

/**
 * alertmanager.yml's {@code global:} block: defaults the receivers take when they do not say, with
 * Alertmanager's own defaults when the block does not say either.
 *
 * @param resolveTimeout    how long an alert without endsAt stays firing after it was last received
 * @param smtpFrom          the default e-mail sender, or null
 * @param smtpSmarthost     the default SMTP host:port, or null
 * @param smtpHello         the default EHLO name
 * @param smtpAuthUsername  the default SMTP user, or null
 * @param smtpAuthPassword  the default SMTP password, or null
 * @param smtpRequireTls    the default for require_tls
 * @param slackApiUrl       the default Slack webhook URL, or null
 * @param pagerdutyUrl      the default PagerDuty events endpoint
 * @param http              the default http_config of every HTTP channel
 */
public record GlobalConfig(
        Duration resolveTimeout,
        String smtpFrom,
        String smtpSmarthost,
        String smtpHello,
        String smtpAuthUsername,
        Secret smtpAuthPassword,
        boolean smtpRequireTls,
        Secret slackApiUrl,
        String pagerdutyUrl,
        HttpConfig http) {
    /** Alertmanager's DefaultGlobalConfig. */
    public static final GlobalConfig DEFAULTS = new GlobalConfig(
            Duration.ofMinutes(5),
            null,
            null,
            "localhost",
            null,
            null,
            true,
            null,
            PagerDutyConfig.DEFAULT_URL,
            HttpConfig.NONE);

    public GlobalConfig {
        Objects.requireNonNull(resolveTimeout, "resolveTimeout");
        Objects.requireNonNull(smtpHello, "smtpHello");
        Objects.requireNonNull(pagerdutyUrl, "pagerdutyUrl");
        Objects.requireNonNull(http, "http");
        if (resolveTimeout.isNegative() || resolveTimeout.isZero()) {
            throw new IllegalArgumentException("resolve_timeout must be positive");
        }
    }
}
