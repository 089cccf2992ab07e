package io.tocsin.notifier.ack;

import io.tocsin.core.config.Secret;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.channel.Notification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where people reach Tocsin ({@code external_url}) and, when a secret is configured, signed
 * links that acknowledge an alert from an e-mail. The secret is only ever used as a MAC key.
 */
public final class AckLinks {
    public static final String PATH = "/api/tocsin/v1/ack/";
    public static final AckLinks NONE = new AckLinks("", null, Duration.ofDays(1), Clock.systemUTC());

    private final String externalUrl;
    private final byte[] key;
    private final Duration expiry;
    private final Clock clock;

    /**
     * @param externalUrl where people reach Tocsin, no trailing slash; empty when not configured
     * @param secret      the signing key; null for no acknowledge links
     */
    public AckLinks(String externalUrl, Secret secret, Duration expiry, Clock clock) {
        this.externalUrl = strip(Objects.requireNonNull(externalUrl, "externalUrl"));
        this.key = secret == null ? null : secret.reveal().getBytes(StandardCharsets.UTF_8);
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (key != null && this.externalUrl.isEmpty()) {
            throw new IllegalArgumentException("acknowledge links need an external URL");
        }
    }

    public String externalUrl() {
        return externalUrl;
    }

    public boolean enabled() {
        return key != null;
    }

    /**
     * A link that acknowledges the group of a firing, unacknowledged notification, in the name of
     * {@code by}; empty when links are off or there is nothing to acknowledge. One alert of the
     * group is enough: an acknowledgement reaches every group its alert fires in.
     */
    public Optional<String> linkFor(Notification n, String by) {
        if (key == null || !n.firing() || n.acknowledged()) {
            return Optional.empty();
        }
        return n.alerts().stream()
                .filter(a -> a.state() == AlertState.FIRING)
                .findFirst()
                .map(Alert::fingerprint)
                .map(fp -> externalUrl
                        + PATH
                        + new AckToken(fp, by, clock.instant().plus(expiry)).sign(key));
    }

    /** Checks a token from a followed link. */
    public AckToken.Checked check(String token) {
        if (key == null) {
            return new AckToken.Refused("acknowledge links are not enabled");
        }
        return AckToken.check(token, key, clock.instant());
    }

    private static String strip(String url) {
        String s = url.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
