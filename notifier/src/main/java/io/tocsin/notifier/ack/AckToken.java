package io.tocsin.notifier.ack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an acknowledge link carries: which alert, on whose behalf, until when; signed with
 * HMAC-SHA256 so that only Tocsin can mint one. Wire form: {@code base64url(payload).base64url(mac)}
 * with payload {@code v1|fingerprint|expiry epoch seconds|by}. Pure; table-tested.
 *
 * @param by who the acknowledgement is recorded as (the address the link was sent to)
 */
public record AckToken(String fingerprint, String by, Instant expires) {
    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Far longer than any token Tocsin mints; anything longer is not read at all. */
    public static final int MAX_LENGTH = 1024;

    public AckToken {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(expires, "expires");
        if (fingerprint.isEmpty() || fingerprint.contains("|")) {
            throw new IllegalArgumentException("a fingerprint is non-empty and has no '|'");
        }
    }

    /** Why a token was refused: said to whoever followed the link, so it names no secret. */
    public sealed interface Checked {}

    public record Valid(AckToken token) implements Checked {}

    public record Refused(String reason) implements Checked {}

    public String sign(byte[] key) {
        String payload = VERSION + "|" + fingerprint + "|" + expires.getEpochSecond() + "|" + by;
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(p) + "." + ENCODER.encodeToString(mac(key, p));
    }

    public static Checked check(String token, byte[] key, Instant now) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return new Refused("the link is malformed");
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return new Refused("the link is malformed");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return new Refused("the link is malformed");
        }
        if (!MessageDigest.isEqual(mac(key, payload), signature)) {
            // Checked before anything in the payload is believed.
            return new Refused("the link's signature is not valid (changed, or signed with another secret)");
        }
        String[] f = new String(payload, StandardCharsets.UTF_8).split("\\|", 4);
        if (f.length != 4 || !VERSION.equals(f[0])) {
            return new Refused("the link is malformed");
        }
        Instant expires;
        try {
            expires = Instant.ofEpochSecond(Long.parseLong(f[2]));
        } catch (RuntimeException e) {
            return new Refused("the link is malformed");
        }
        if (!now.isBefore(expires)) {
            return new Refused("the link expired at " + expires);
        }
        return new Valid(new AckToken(f[1], f[3], expires));
    }

    private static byte[] mac(byte[] key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
