package io.tocsin.rules.topology;

/** A partial stage 1 is combining: one bucket of one {@link Target}. */
record PendingKey(Target target, long bucketStart) {
    @Override
    public int hashCode() {
        int h = (target.hash ^ Long.hashCode(bucketStart)) * 0x85EBCA6B;
        return h ^ (h >>> 13);
    }
}
