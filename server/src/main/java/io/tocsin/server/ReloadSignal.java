package io.tocsin.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reloads the notifier's config, as it reloads Alertmanager's. The JDK's only way to take
 * a signal is sun.misc.Signal (jdk.unsupported, present in every JDK since 9); where the platform
 * has no SIGHUP the reload endpoint remains.
 */
final class ReloadSignal {
    private static final Logger log = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {}

    static void onHangup(Runnable reload) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> {
                log.info("SIGHUP: reloading the notifier config");
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    log.warn("reload on SIGHUP failed: {}", e.toString());
                }
            });
        } catch (IllegalArgumentException e) {
            log.info("no SIGHUP on this platform: reload with POST /-/reload");
        }
    }
}
