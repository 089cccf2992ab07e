package io.tocsin.notifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.notifier.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /-/reload's decision: the whole file valid, or nothing changes. */
class ConfigReloadTest {
    private static final String TEAM = """
            route:
              receiver: team
            receivers:
              - name: team
                webhook_configs: [{url: 'http://127.0.0.1:1/team'}]
            """;
    private static final String ONCALL = """
            route:
              receiver: oncall
            receivers:
              - name: oncall
                webhook_configs: [{url: 'http://127.0.0.1:1/oncall'}]
            """;

    @TempDir
    Path dir;

    private Path file;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-05T12:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<NotifierConfig> prepared = new ArrayList<>();
    private LiveConfig live;
    private ConfigReload reload;

    @BeforeEach
    void start() throws Exception {
        file = dir.resolve("notifier.yml");
        Files.writeString(file, TEAM);
        ConfigSource source = ConfigSource.file(file, Map.of());
        live = new LiveConfig(source.load("http://127.0.0.1:9472"), clock.instant());
        reload = new ConfigReload(source, "http://127.0.0.1:9472", live, prepared::add, clock, registry);
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void aValidFileIsPutInForceWholeAndTheGaugesSaySo() throws Exception {
        double before = gauge("tocsin.notifier.config.hash");
        Files.writeString(file, ONCALL);
        clock.advance(Duration.ofMinutes(1));

        ConfigReload.Outcome o = reload.reload();

        assertTrue(o.ok());
        assertEquals("oncall", live.get().root().receiver());
        assertEquals(List.of(live.get()), prepared);
        assertEquals(1.0, gauge("tocsin.notifier.config.last.reload.successful"));
        assertNotEquals(before, gauge("tocsin.notifier.config.hash"));
        assertEquals(o.hash(), gauge("tocsin.notifier.config.hash"));
        assertEquals(
                clock.instant().getEpochSecond(),
                gauge("tocsin.notifier.config.last.reload.success.timestamp.seconds"));
        assertTrue(live.get().original().contains("oncall"), "config.original is the new file");
    }

    @Test
    void anInvalidFileIsRefusedWithFileLineAndColumnAndTheRunningConfigStays() throws Exception {
        NotifierConfig running = live.get();
        double hash = gauge("tocsin.notifier.config.hash");
        Files.writeString(file, ONCALL.replace("route:\n  receiver: oncall", "route:\n  receiver: nobody"));

        ConfigReload.Outcome o = reload.reload();

        assertFalse(o.ok());
        assertEquals(1, o.errors().size(), o.errors().toString());
        assertTrue(o.errors().get(0).startsWith(file + ":2:13: "), o.errors().get(0));
        assertSame(running, live.get());
        assertEquals(List.of(), prepared, "a refused config is not prepared");
        assertEquals(0.0, gauge("tocsin.notifier.config.last.reload.successful"));
        assertEquals(hash, gauge("tocsin.notifier.config.hash"));
    }

    @Test
    void aLaterValidReloadClearsTheRefusal() throws Exception {
        Files.writeString(file, "route: [");
        assertFalse(reload.reload().ok());
        Files.writeString(file, ONCALL);
        assertTrue(reload.reload().ok());
        assertEquals(1.0, gauge("tocsin.notifier.config.last.reload.successful"));
    }

    @Test
    void aConfigWhoseChannelsCannotBeBuiltIsRefused() throws Exception {
        NotifierConfig running = live.get();
        ConfigReload failing = new ConfigReload(
                ConfigSource.file(file, Map.of()),
                "http://127.0.0.1:9472",
                live,
                c -> {
                    throw new IllegalStateException("no channel for carrier-pigeon");
                },
                clock,
                new SimpleMeterRegistry());
        Files.writeString(file, ONCALL);

        ConfigReload.Outcome o = failing.reload();

        assertFalse(o.ok());
        assertEquals(List.of(file + ": no channel for carrier-pigeon"), o.errors());
        assertSame(running, live.get());
    }
}
