package io.tocsin.server.watchdog;

import java.time.Clock;

/**
 * The watchdog alone in its JVM (one container or unit beside the pipeline): settings from the
 * TOCSIN_WATCHDOG_* environment. Its process must not share a failure domain with the notifier.
 */
public final class WatchdogMain {
    private WatchdogMain() {}

    public static void main(String[] args) throws Exception {
        Watchdog w = Watchdog.start(WatchdogSettings.fromEnv(System.getenv()), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(w::close, "watchdog-shutdown"));
        System.out.println("WATCHDOG READY " + w.port());
        System.out.flush();
        Thread.currentThread().join(); // the HTTP server and timer threads are daemons
    }
}
