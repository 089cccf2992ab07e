package io.tocsin.rules.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleLoader;
import io.tocsin.rules.testing.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleReloaderTest {
    private static final String HOT = """
            groups:
              - name: g
                rules:
                  - alert: Hot
                    select: 'temp'
                    aggregate: max
                    window: 5m
                    condition: '> 50'
                    for: 2m
            """;
    private static final String COLD = """
            groups:
              - name: g
                rules:
                  - alert: Cold
                    select: 'temp'
                    aggregate: min
                    window: 5m
                    condition: '< 0'
                    for: 2m
            """;

    @TempDir
    Path dir;

    private AtomicReference<RuleSet> live() {
        return new AtomicReference<>(RuleLoader.load(dir).rules());
    }

    @Test
    void aValidChangeIsAppliedAndSaysWhatChanged() throws Exception {
        Files.writeString(dir.resolve("a.rules.yml"), HOT);
        Files.writeString(dir.resolve("b.rules.yml"), COLD);
        AtomicReference<RuleSet> rules = live();
        RuleReloader reloader = new RuleReloader(dir, rules);
        assertFalse(reloader.reloadIfChanged().applied(), "nothing changed");

        Files.writeString(dir.resolve("a.rules.yml"), HOT.replace("> 50", "> 60"));
        Files.delete(dir.resolve("b.rules.yml"));
        Files.writeString(dir.resolve("c.rules.yml"), COLD.replace("Cold", "Freezing"));
        Files.writeString(dir.resolve("notes.yml"), "not: rules"); // other YAML is not rules
        RuleReloader.Outcome o = reloader.reloadIfChanged();
        assertTrue(o.applied(), o.toString());
        assertEquals(List.of("g/Freezing"), o.changes().added());
        assertEquals(List.of("g/Hot"), o.changes().changed());
        assertEquals(List.of("g/Cold"), o.changes().removed());
        assertEquals(60, rules.get().get("g/Hot").condition().threshold());
    }

    @Test
    void anInvalidChangeIsRejectedWithItsReasonAndTheOldRulesKeepRunning() throws Exception {
        Files.writeString(dir.resolve("a.rules.yml"), HOT);
        AtomicReference<RuleSet> rules = live();
        RuleSet before = rules.get();
        RuleReloader reloader = new RuleReloader(dir, rules);

        Files.writeString(dir.resolve("a.rules.yml"), HOT.replace("> 50", "> 60"));
        Files.writeString(dir.resolve("b.rules.yml"), COLD.replace("aggregate: min", "aggregate: median"));
        RuleReloader.Outcome o = reloader.reloadIfChanged();
        assertFalse(o.applied());
        assertTrue(
                o.errors().get(0).toString().contains("b.rules.yml:6:20: unknown aggregate 'median'"),
                o.errors().toString());
        assertEquals(before, rules.get(), "the whole directory is rejected, the good file's edit too");
        assertEquals(o, reloader.last());

        Files.writeString(dir.resolve("b.rules.yml"), COLD);
        assertTrue(reloader.reloadIfChanged().applied(), "fixed: applied");
        assertTrue(reloader.last().errors().isEmpty());
    }

    @Test
    void anUnchangedRuleKeepsItsPendingClockAcrossAReloadAndAChangedOneStartsOver() throws Exception {
        Files.writeString(dir.resolve("a.rules.yml"), HOT + COLD.replace("groups:\n  - name: g\n", "  - name: h\n"));
        AtomicReference<RuleSet> rules = live();
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        try (Timeline t = new Timeline(rules.get(), t0)) {
            t.sample(new Sample("temp", Labels.EMPTY, 70, t0.toEpochMilli(), SampleKind.GAUGE));
            t.sample(new Sample("temp", Labels.EMPTY, -5, t0.toEpochMilli(), SampleKind.GAUGE));
            t.advance(Duration.ofSeconds(60));
            assertEquals(
                    List.of(AlertState.PENDING, AlertState.PENDING),
                    t.alerts().stream().map(Alert::state).toList());

            Files.writeString(
                    dir.resolve("a.rules.yml"),
                    HOT
                            + COLD.replace("groups:\n  - name: g\n", "  - name: h\n")
                                    .replace("< 0", "< 1"));
            RuleReloader reloader = new RuleReloader(dir, rules);
            reloader.reload();
            t.rules(rules.get());
            // stage 2 sees a reload at its next tick: at rest, one evaluation interval after the next
            // progress keep-alive (every 5 intervals), since no group of these rules is due sooner
            // by the clock (a pending group is next due when its for has run)
            t.advance(Duration.ofSeconds(10));
            List<Alert> out = t.alerts();
            // the changed rule resolves its pending alert and starts over from new data; Hot is untouched
            assertEquals(
                    List.of("Cold:RESOLVED"),
                    out.stream()
                            .map(a -> a.labels().get("alertname") + ":" + a.state())
                            .toList());
            t.sample(new Sample("temp", Labels.EMPTY, 70, t0.plusSeconds(62).toEpochMilli(), SampleKind.GAUGE));
            t.sample(new Sample("temp", Labels.EMPTY, -5, t0.plusSeconds(62).toEpochMilli(), SampleKind.GAUGE));
            t.advance(Duration.ofSeconds(60));
            List<Alert> fired = t.alerts();
            assertEquals(
                    List.of("Cold:PENDING", "Hot:FIRING"),
                    fired.stream()
                            .map(a -> a.labels().get("alertname") + ":" + a.state())
                            .toList(),
                    "Hot fires 2 min after its first breach: its clock survived the reload");
            fired = fired.subList(1, 2);
            assertEquals(
                    t0.plusMillis(100).toEpochMilli(), fired.get(0).startsAt().toEpochMilli(), 1000);
        }
    }

    @Test
    void hostileYamlIsRejectedWithOneLineAndTheRunningRulesStay() throws Exception {
        Files.writeString(dir.resolve("a.rules.yml"), HOT);
        AtomicReference<RuleSet> rules = live();
        RuleReloader reloader = new RuleReloader(dir, rules);
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i < 40; i++) {
            bomb.append("a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [*a")
                    .append(i - 1)
                    .append(", *a")
                    .append(i - 1)
                    .append("]\n");
        }
        Files.writeString(dir.resolve("bomb.rules.yml"), bomb);
        Path big = dir.resolve("big.rules.yml");
        try (var out = Files.newBufferedWriter(big)) {
            String line = "# " + "x".repeat(1000) + "\n";
            for (int i = 0; i < 50_000; i++) {
                out.write(line);
            }
        }

        RuleReloader.Outcome o = reloader.reloadIfChanged();

        assertFalse(o.applied());
        List<String> errors = o.errors().stream().map(Object::toString).toList();
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(
                errors.get(0)
                        .matches(
                                ".*/big\\.rules\\.yml:1:1: the file is 50150000 bytes, more than the 4194304 a config file may hold"),
                errors.get(0));
        assertTrue(
                errors.get(1)
                        .matches(".*/bomb\\.rules\\.yml:\\d+:\\d+: the document expands to more than \\d+ nodes.*"),
                errors.get(1));
        assertEquals(
                List.of("g/Hot"),
                rules.get().all().stream().map(r -> r.id()).toList(),
                "the previous rules keep running");
    }

    @Test
    void aYamlFileThatGainsGroupsIsAChangeWhateverItsName() throws Exception {
        Files.writeString(dir.resolve("a.rules.yml"), HOT);
        Files.writeString(dir.resolve("alerts.yml"), "route:\n  receiver: team\n");
        AtomicReference<RuleSet> rules = live();
        RuleReloader reloader = new RuleReloader(dir, rules);
        assertFalse(reloader.reloadIfChanged().applied());

        Files.writeString(dir.resolve("alerts.yml"), COLD);
        assertTrue(reloader.reloadIfChanged().applied());
        assertEquals(2, rules.get().size());
    }

    @Test
    void aSameSizeEditInTheSameTimestampTickAsTheLastLookIsFound() throws Exception {
        Path a = dir.resolve("a.rules.yml");
        Files.writeString(a, HOT);
        FileTime tick = Files.getLastModifiedTime(a);
        AtomicReference<RuleSet> rules = live();
        long[] now = {tick.toMillis() + 500}; // the look comes within the file's own timestamp tick
        RuleReloader reloader = new RuleReloader(dir, rules, () -> now[0]);

        now[0] += 400;
        Files.writeString(a, HOT.replace("> 50", "> 60")); // same size
        Files.setLastModifiedTime(a, tick); // a file system that keeps whole seconds: same time
        RuleReloader.Outcome o = reloader.reloadIfChanged();
        assertTrue(o.applied(), "the stamps are equal, but the last look was within the tick: read");
        assertEquals(60, rules.get().get("g/Hot").condition().threshold());
    }

    @Test
    void stampsAreTrustedOnceClearOfTheTickAndTheContentsAreStillReadEveryMinute() throws Exception {
        Path a = dir.resolve("a.rules.yml");
        Files.writeString(a, HOT);
        FileTime old = FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() - 3_600_000);
        Files.setLastModifiedTime(a, old);
        AtomicReference<RuleSet> rules = live();
        long[] now = {System.currentTimeMillis()};
        RuleReloader reloader = new RuleReloader(dir, rules, () -> now[0]);

        // an edit that keeps size and time (a copy with its old time): the stamps cannot see it
        Files.writeString(a, HOT.replace("> 50", "> 60"));
        Files.setLastModifiedTime(a, old);
        now[0] += 2_000;
        assertFalse(reloader.reloadIfChanged().applied(), "stamps unchanged and clear of the tick: not read");
        assertEquals(50, rules.get().get("g/Hot").condition().threshold());

        now[0] += ContentCheck.READ_EVERY_MS;
        assertTrue(reloader.reloadIfChanged().applied(), "read anyway after a minute");
        assertEquals(60, rules.get().get("g/Hot").condition().threshold());

        // a visible change is read at the next look
        now[0] += 2_000;
        Files.writeString(a, HOT.replace("> 50", "> 700"));
        Files.setLastModifiedTime(a, old);
        assertTrue(reloader.reloadIfChanged().applied(), "a new size is a change");
        assertEquals(700, rules.get().get("g/Hot").condition().threshold());
    }
}
