package io.tocsin.tests.bench.idle;

import java.util.List;

/**
 * What every idle driver reads from its arguments about the measurement itself: how long the
 * system settles ({@code --settle}, s), how long the window lasts ({@code --window}, s), how
 * many threads the report lists ({@code --top}), and whether Prometheus + Alertmanager run beside
 * it ({@code --no-peer} leaves them out; so does their absence).
 */
record Timing(long settleSeconds, long windowSeconds, int top, boolean peerToo) {

    static Timing of(String[] args) {
        return new Timing(
                RunSupport.option(args, "--settle", 30),
                RunSupport.option(args, "--window", 60),
                (int) RunSupport.option(args, "--top", 25),
                !List.of(args).contains("--no-peer") && Peer.installed());
    }
}
