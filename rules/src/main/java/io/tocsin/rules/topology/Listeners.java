package io.tocsin.rules.topology;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a stage-2 task may have started without hearing stage 1's sources, so that stage 1
 * repeats unchanged progress at its next look ({@link SourceClock}) rather than at the repeat
 * period: a count that moves with every rebalance of this instance's consumer (a task moved, here
 * or elsewhere) and every start of one of this instance's own stage-2 tasks.
 *
 * <p>The starts are what a rebalance count can miss: Streams revives a task alone when it finds
 * it corrupted (under exactly_once_v2 it commits the thread's other tasks, closes the corrupted
 * one dirty, restores and initialises it again; {@code TaskManager.handleCorruption}), and the
 * stage-1 tasks beside it keep running. Streams then asks for a rebalance, which the classic group
 * protocol carries out, so the rebalance count moves too; under the streams group protocol
 * (KIP-1071) {@code enforceRebalance} does nothing and only the start says it.
 *
 * <p>One per built topology, shared by every processor of its Streams instance; thread-safe.
 */
final class Listeners {
    private final InputLag lag;
    private final AtomicLong stageTwoStarts = new AtomicLong();

    Listeners(InputLag lag) {
        this.lag = lag;
    }

    /** A stage-2 task of this instance started (assigned, restored or revived): it has heard no source yet. */
    void stageTwoStarted() {
        stageTwoStarts.incrementAndGet();
    }

    /** Moves whenever a stage-2 task may have started without hearing this instance's sources. */
    long epoch() {
        return lag.rebalances() + stageTwoStarts.get();
    }
}
