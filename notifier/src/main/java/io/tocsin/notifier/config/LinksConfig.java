package io.tocsin.notifier.config;

import io.tocsin.core.config.Secret;
import java.time.Duration;
import java.util.Objects;

/**
 * Where people reach Tocsin and how acknowledge links are signed.
 *
 * @param externalUrl {@code external_url} (or TOCSIN_EXTERNAL_URL): sent as the webhook's
 *                    externalURL and used in links; empty when not configured
 * @param ackSecret   {@code ack_links.secret[_file|_env]}: the HMAC key; null for no links
 * @param ackExpiry   {@code ack_links.expires_after}: how long a link works after it is sent
 * @param runbookBaseUrl {@code runbook_base_url} (or TOCSIN_RUNBOOK_BASE_URL): a relative
 *                    {@code runbook_url} annotation is sent resolved against it; empty: sent as written
 */
public record LinksConfig(String externalUrl, Secret ackSecret, Duration ackExpiry, String runbookBaseUrl) {
    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);
    public static final LinksConfig NONE = new LinksConfig("", null, DEFAULT_EXPIRY);
    public static final String EXTERNAL_URL_ENV = io.tocsin.core.settings.Setting.TOCSIN_EXTERNAL_URL.name();

    public LinksConfig(String externalUrl, Secret ackSecret, Duration ackExpiry) {
        this(externalUrl, ackSecret, ackExpiry, "");
    }

    public LinksConfig {
        Objects.requireNonNull(externalUrl, "externalUrl");
        Objects.requireNonNull(runbookBaseUrl, "runbookBaseUrl");
        Objects.requireNonNull(ackExpiry, "ackExpiry");
        if (ackSecret != null && externalUrl.isEmpty()) {
            throw new IllegalArgumentException("ack_links need external_url (or " + EXTERNAL_URL_ENV + ")");
        }
        if (ackExpiry.isNegative() || ackExpiry.isZero()) {
            throw new IllegalArgumentException("ack_links.expires_after must be positive");
        }
    }

    public LinksConfig withRunbookBaseUrl(String base) {
        return new LinksConfig(externalUrl, ackSecret, ackExpiry, base);
    }
}
