package io.tocsin.notifier.dispatch;

import io.tocsin.core.wire.AlertState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A decision's id: the same inputs always give the same id, so reprocessing after a crash
 * produces the same ledger entry and downstream can drop the duplicate (and PagerDuty can use it
 * as a dedup key later).
 */
public final class DecisionId {
    private DecisionId() {}

    /** @param repeat 0 for the first notice of an episode, n for its n-th repeat */
    public static String of(String receiver, String fingerprint, AlertState status, Instant startsAt, int repeat) {
        String input = String.join("\u0000", receiver, fingerprint, status.wireName(),
                startsAt == null ? "" : startsAt.toString(), Integer.toString(repeat));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
