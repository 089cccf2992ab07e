package io.tocsin.notifier.delivery;

import java.util.OptionalLong;

/**
 * Whether the delivery worker may deliver a record the dispatch handed it ({@link Handoff})
 * before reading it from Kafka. Only when nothing before it in its partition is still unread:
 * the worker's consumer stands exactly at it, or the worker has been handed everything up to it.
 * Then no older decision of the same group can be behind it (one group's decisions are written
 * by one task at a time, in order, to one partition), and the read that brings it later is
 * recognised and skipped. Anything else is left to the read, as without the hand-off.
 */
final class HandoffAdmission {

    enum Verdict {
        /** Deliver now. */
        TAKE,
        /** The worker has already read it (or was handed it). */
        READ,
        /** Records before it are unread (other writers, markers, a backlog): the read delivers it. */
        GAP,
        /** Not this worker's partition now, or its reading is paused or its position unknown. */
        NOT_READING
    }

    private HandoffAdmission() {}

    /**
     * @param reading whether the worker's consumer has the partition and reads it (not paused)
     * @param position the consumer's position there: the next offset a poll returns; empty when unknown
     * @param handedTo one past the last record handed and taken there; -1 when none since it was assigned
     * @param offset the handed record's offset
     */
    static Verdict judge(boolean reading, OptionalLong position, long handedTo, long offset) {
        if (!reading || position.isEmpty()) {
            return Verdict.NOT_READING;
        }
        long next = Math.max(position.getAsLong(), handedTo);
        if (offset < next) {
            return Verdict.READ;
        }
        return offset == next ? Verdict.TAKE : Verdict.GAP;
    }
}
