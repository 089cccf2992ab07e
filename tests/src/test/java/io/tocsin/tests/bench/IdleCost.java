package io.tocsin.tests.bench;

import io.tocsin.tests.bench.idle.IdleRun;

/**
 * Benchmark driver, not a test: what {@code ./tocsin up} costs at rest (issue 20, "Idle cost").
 * Starts the launcher as the script does (its JVM options from {@code server/jvm.options} or
 * TOCSIN_JAVA_OPTS; the example packs; a fresh TOCSIN_DATA_DIR under /tmp; free ports), which
 * starts its broker child JVM; and, in the same run, Prometheus 2.42 with the packs' rules in
 * PromQL form evaluated every second plus Alertmanager 0.25. Waits until everything is up, lets it
 * settle, then reads CPU (utime + stime) and RSS of every process from /proc over one window, and
 * prints them per process, the totals, the ratio to the peer, the load average, and where each
 * JVM's time went, thread by thread (named from jcmd Thread.print after the window).
 *
 * <p>Options: {@code --settle S} (30), {@code --window S} (60), {@code --top N} (25 thread kinds
 * per JVM), {@code --no-peer}, {@code --env NAME=VALUE} (repeatable: set in the launcher's environment, e.g.
 * TOCSIN_SELF_SCRAPE_INTERVAL=0). About two minutes in all. Loopback only; stops everything it
 * started, also when interrupted.
 *
 * <p>Run (no install needed): {@code mvn -B -o -q test-compile -pl tests -am && java -cp
 * "tests/target/test-classes:$(cat tests/target/test-classpath.txt)" io.tocsin.tests.bench.IdleCost}
 */
public final class IdleCost {
    private IdleCost() {}

    public static void main(String[] args) throws Exception {
        IdleRun.main(args);
    }
}
