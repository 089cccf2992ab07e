package io.tocsin.rules.reload;

/**
 * Whether a look at the rule directory must read (hash) the files, or may trust their stamps
 * ({@link DirectoryStamp}). Hashing every YAML file every 2 s was a steady cost at rest (issue 20);
 * comparing stamps is a {@code stat} per file. Stamps can miss an edit in two ways, and each gets a
 * read: an edit that keeps the size within the file system's timestamp granularity of the last
 * look keeps the modification time too (the "racily clean" case git handles the same way), and
 * tools that copy a file with its old time, or a clock set back, keep the stamp whole (read once
 * a {@link #READ_EVERY_MS}). Pure: table-tested.
 */
enum ContentCheck {
    READ_FIRST("no contents read yet"),
    READ_LISTING_CHANGED("a file was added, removed, resized, touched or replaced"),
    READ_RACY("a file was modified within the timestamp granularity of the last look: an edit after it"
            + " in the same tick keeps the same stamp"),
    READ_PERIODIC("the contents were last read a while ago: a copy that keeps its time keeps its stamp"),
    TRUST_STAMPS("names, sizes and times as at the last look, which was clear of the granularity");

    /**
     * The coarsest modification-time granularity of the file systems rules are kept on: FAT's 2 s
     * (ext3 and HFS+ keep 1 s, ext4 and xfs nanoseconds).
     */
    static final long GRANULARITY_MS = 2_000;

    /** Contents are read at least this often whatever the stamps say. */
    static final long READ_EVERY_MS = 60_000;

    final String reason;

    ContentCheck(String reason) {
        this.reason = reason;
    }

    boolean reads() {
        return this != TRUST_STAMPS;
    }

    /**
     * @param last the stamp of the last look; null before any
     * @param lastLookMs when the last look was taken (wall clock)
     * @param lastReadMs when contents were last read
     * @param now the stamp just taken
     * @param nowMs the wall clock now
     */
    static ContentCheck decide(DirectoryStamp last, long lastLookMs, long lastReadMs, DirectoryStamp now, long nowMs) {
        if (last == null) {
            return READ_FIRST;
        }
        if (!last.equals(now)) {
            return READ_LISTING_CHANGED;
        }
        if (racy(last, lastLookMs)) {
            return READ_RACY;
        }
        if (nowMs - lastReadMs >= READ_EVERY_MS || nowMs < lastReadMs) {
            return READ_PERIODIC;
        }
        return TRUST_STAMPS;
    }

    /** A file modified this close to the look (or after it: another clock) may change again unseen. */
    static boolean racy(DirectoryStamp stamp, long lookMs) {
        long newest = stamp.newestModifiedMs();
        return newest != Long.MIN_VALUE && newest > lookMs - GRANULARITY_MS;
    }
}
