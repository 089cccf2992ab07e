package io.tocsin.rules.topology;

/**
 * A partial stage 1 is combining: one bucket of one {@link Target}, of one push for a share
 * judged by arrival (writer null and arrival 0 otherwise).
 */
record PendingKey(Target target, long bucketStart, String writer, long arrivalMs) {
    @Override
    public int hashCode() {
        int h = (target.hash ^ Long.hashCode(bucketStart) ^ Long.hashCode(arrivalMs) * 31) * 0x85EBCA6B;
        return h ^ (h >>> 13);
    }
}
