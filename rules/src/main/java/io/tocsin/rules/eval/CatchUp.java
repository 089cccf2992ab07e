package io.tocsin.rules.eval;

/**
 * Right after stage 2 comes back on restored state (a restart, a crash, a rebalance), an empty
 * window may only mean that the data of the outage has not come through stage 1 yet: until the
 * input had time to catch up, an empty window neither resolves, fires, nor moves a pending clock.
 */
public final class CatchUp {
    private CatchUp() {}

    /**
     * @param windowEmpty  no sample at all in the window being judged
     * @param catchingUpUntilMs wall-clock end of the catch-up after the task started; at or before
     *                     the start when there was no restored state to protect
     * @return true when the evaluation must leave the group's state as it is
     */
    public static boolean defers(boolean windowEmpty, long now, long catchingUpUntilMs) {
        return windowEmpty && now < catchingUpUntilMs;
    }
}
