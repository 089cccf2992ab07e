package io.tocsin.notifier.dispatch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A decision's id: the same inputs always give the same id, so reprocessing after a crash
 * produces the same ledger entry and downstream can drop the duplicate.
 */
public final class DecisionId {
    /** One digest per thread: MessageDigest.getInstance looks the provider up on every call. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    private DecisionId() {}

    /**
     * @param groupId  the group's id (receiver and group key)
     * @param opened   when this incarnation of the group opened: a group that empties and opens
     *                 again starts counting anew without reusing ids
     * @param sequence the n-th notification of the group
     */
    public static String of(String groupId, Instant opened, int sequence) {
        String input = String.join("\u0000", groupId, opened.toString(), Integer.toString(sequence));
        // digest() resets the digest, ready for the next call on this thread.
        byte[] digest = SHA_256.get().digest(input.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
