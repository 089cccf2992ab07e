package io.tocsin.tests.packs;

import java.time.Duration;

/**
 * One pack alert driven end to end: what its system would send while healthy and while in
 * breach, and what the test expects to hear. The breach starts once {@code warmup} has passed
 * (rules that compare with their own past need that past first) and ends when the test has seen
 * the alert fire everywhere it should.
 *
 * @param alert  the alertname
 * @param mark   a label value only this scenario's series carry, so that its messages are told
 *               apart from every other scenario's on the shared channels
 * @param pages  critical: PagerDuty hears it too (and nobody else's warning pages)
 * @param warmup how long the system behaves before the breach starts
 * @param source what it sends each tick
 */
record PackScenario(String alert, String mark, boolean pages, Duration warmup, Source source) {

    /** What the system sends in one tick (a quarter of a second: a 15 s scrape on the 60x clock). */
    @FunctionalInterface
    interface Source {
        void emit(PackBatch out, boolean breaching);
    }

    static PackScenario warning(String alert, String mark, Source source) {
        return new PackScenario(alert, mark, false, Duration.ZERO, source);
    }

    static PackScenario critical(String alert, String mark, Source source) {
        return new PackScenario(alert, mark, true, Duration.ZERO, source);
    }

    PackScenario after(Duration warmup) {
        return new PackScenario(alert, mark, pages, warmup, source);
    }
}
