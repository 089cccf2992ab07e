package io.tocsin.notifier.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager's {@code POST /-/reload}: reads the whole config again with the loader used at
 * start, and puts it in force only if all of it is valid. A refused file leaves the running
 * config as it was, and its reasons are answered, logged and counted in
 * {@code tocsin_notifier_config_last_reload_successful} (0), as Alertmanager's
 * {@code alertmanager_config_last_reload_successful}.
 */
public final class ConfigReload {
    private static final Logger log = LoggerFactory.getLogger(ConfigReload.class);

    /** @param errors one {@code file:line:col: reason} line each; empty when taken */
    public record Outcome(boolean ok, List<String> errors, double hash) {
        public Outcome {
            errors = List.copyOf(errors);
        }
    }

    private final ConfigSource source;
    private final String ownUrl;
    private final LiveConfig live;
    private final Consumer<NotifierConfig> prepare;
    private final Clock clock;

    /**
     * @param ownUrl  the notifier's URL, the default externalURL
     * @param prepare gets a valid config ready before it is put in force (builds its channels);
     *                an exception refuses the config
     */
    public ConfigReload(
            ConfigSource source,
            String ownUrl,
            LiveConfig live,
            Consumer<NotifierConfig> prepare,
            Clock clock,
            MeterRegistry registry) {
        this.source = source;
        this.ownUrl = ownUrl;
        this.live = live;
        this.prepare = prepare;
        this.clock = clock;
        Gauge.builder(
                        "tocsin.notifier.config.last.reload.successful",
                        live,
                        l -> l.lastAttempt().ok() ? 1 : 0)
                .description("whether the last config reload was taken (1) or refused (0)")
                .register(registry);
        Gauge.builder("tocsin.notifier.config.hash", live, l -> l.loaded().hash())
                .description("a hash of the config in force; it changes when a reload changes the config")
                .register(registry);
        Gauge.builder(
                        "tocsin.notifier.config.last.reload.success.timestamp.seconds",
                        live,
                        l -> l.loaded().at().toEpochMilli() / 1000.0)
                .description("when the config in force was loaded, in unix seconds")
                .register(registry);
    }

    /** Blocking (reads files): call from a worker thread. One reload at a time. */
    public synchronized Outcome reload() {
        Instant now = clock.instant();
        NotifierConfig next;
        try {
            next = source.load(ownUrl);
            prepare.accept(next);
        } catch (ConfigException e) {
            return refused(e.problems().stream().map(Problem::toString).toList(), now);
        } catch (RuntimeException e) {
            return refused(List.of(source.name() + ": " + e.getMessage()), now);
        }
        live.swap(next, now);
        next.notices().forEach(n -> log.warn("notifier config: {}", n));
        log.info("notifier config reloaded from {}", source.name());
        return new Outcome(true, List.of(), live.loaded().hash());
    }

    private Outcome refused(List<String> errors, Instant now) {
        live.refused(errors, now);
        log.warn("notifier config reload refused, the running config stays:\n{}", String.join("\n", errors));
        return new Outcome(false, errors, live.loaded().hash());
    }
}
