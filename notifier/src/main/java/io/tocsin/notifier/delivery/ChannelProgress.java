package io.tocsin.notifier.delivery;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The channels of one decision that are finished with (delivered or dead-lettered) while the
 * decision itself is not, kept in the metadata of the delivery group's committed offset, which
 * points at the decision. A worker that crashes between two channels of a receiver, or a new
 * owner of the partition, starts at the decision again and skips these channels instead of
 * sending them a second time.
 */
public record ChannelProgress(String decisionId, Set<String> finished) {
    private static final String PREFIX = "tocsin-channels-done:v1 ";

    public ChannelProgress {
        if (decisionId == null || decisionId.isBlank() || decisionId.contains(" ")) {
            throw new IllegalArgumentException("a decision id without spaces is required, not '" + decisionId + "'");
        }
        finished = Set.copyOf(new TreeSet<>(finished));
    }

    /** Offset metadata: the prefix, the decision id and the channel names (which hold no spaces or commas). */
    public String encode() {
        return PREFIX + decisionId + " " + String.join(",", new TreeSet<>(finished));
    }

    /** The progress in a committed offset's metadata, or null when it holds none (or something else). */
    public static ChannelProgress parse(String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return null;
        }
        String[] parts = metadata.substring(PREFIX.length()).split(" ", -1);
        if (parts.length != 2 || parts[0].isBlank()) {
            return null;
        }
        return new ChannelProgress(parts[0], parts[1].isEmpty() ? Set.of()
                : new TreeSet<>(Arrays.asList(parts[1].split(","))));
    }
}
