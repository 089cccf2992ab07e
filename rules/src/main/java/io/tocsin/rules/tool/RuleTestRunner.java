package io.tocsin.rules.tool;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.testing.Timeline;
import io.tocsin.rules.testing.Timeline.Stepping;
import io.tocsin.rules.tool.RuleTestFile.AlertCheck;
import io.tocsin.rules.tool.RuleTestFile.ExpectedAlert;
import io.tocsin.rules.tool.RuleTestFile.InputLogs;
import io.tocsin.rules.tool.RuleTestFile.InputSeries;
import io.tocsin.rules.tool.RuleTestFile.TestGroup;
import io.tocsin.rules.topology.TopologySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Runs one test group through the production topology (in TopologyTestDriver): the series are fed
 * at start + i × interval, and at each eval_time the alerts then firing are compared with the
 * expected ones. "At eval_time" means once the samples up to it have settled in stage 2, as the
 * service would see them.
 */
public final class RuleTestRunner {
    /** Test time starts here rather than at the epoch, so no timestamp is ever zero or negative. */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private RuleTestRunner() {}

    /**
     * What a group's run gave.
     *
     * @param failures  one message per failed check; empty when the group passed
     * @param published every alert state change the topology published, with its time
     * @param moves     how many times the wall clock was moved
     */
    public record Outcome(List<String> failures, List<TestRecord<String, Alert>> published, long moves) {}

    /** @return one message per failed check; empty when the group passed */
    public static List<String> run(RuleSet rules, TestGroup group) {
        return run(rules, group, Stepping.SKIP_QUIET).failures();
    }

    public static Outcome run(RuleSet rules, TestGroup group, Stepping stepping) {
        // the input is piped complete and in order: nothing is waited for once it is read
        TopologySettings settings = TopologySettings.DEFAULTS.withIdleAfter(Duration.ZERO);
        List<Sample> samples = new ArrayList<>();
        for (InputSeries s : group.series()) {
            for (int i = 0; i < s.values().size(); i++) {
                Double v = s.values().get(i);
                if (v != null) {
                    long ts = START.plus(group.interval().multipliedBy(i)).toEpochMilli();
                    samples.add(new Sample(s.name(), s.labels(), v, ts, SampleKind.UNTYPED));
                }
            }
        }
        samples.sort(Comparator.comparingLong(Sample::timestampMs));
        List<LogRecord> lines = logLines(group);
        List<AlertCheck> checks = new ArrayList<>(group.checks());
        checks.sort(Comparator.comparing(AlertCheck::evalTime));
        Duration settle = settings.flushInterval().plus(settings.evalInterval());

        List<String> failures = new ArrayList<>();
        Map<String, Alert> current = new LinkedHashMap<>();
        List<TestRecord<String, Alert>> published = new ArrayList<>();
        try (Timeline t = new Timeline(rules, START, settings, stepping)) {
            int next = 0;
            int nextLine = 0;
            for (AlertCheck check : checks) {
                Instant at = START.plus(check.evalTime());
                long until = at.toEpochMilli();
                // Samples and lines in one time order, as they would arrive.
                while (true) {
                    long s = next < samples.size() ? samples.get(next).timestampMs() : Long.MAX_VALUE;
                    long l = nextLine < lines.size() ? lines.get(nextLine).timestampMs() : Long.MAX_VALUE;
                    if (Math.min(s, l) > until) {
                        break;
                    }
                    if (s <= l) {
                        t.sample(samples.get(next++));
                    } else {
                        t.log(lines.get(nextLine++));
                    }
                }
                t.advanceTo(at.plus(settle));
                List<TestRecord<String, Alert>> changes = t.alertRecords();
                published.addAll(changes);
                for (Alert a : changes.stream().map(TestRecord::value).toList()) {
                    if (a.state() == AlertState.RESOLVED) {
                        current.remove(a.fingerprint());
                    } else {
                        current.put(a.fingerprint(), a);
                    }
                }
                String failure = compare(
                        check,
                        current.values().stream()
                                .filter(a -> a.state() == AlertState.FIRING
                                        && check.alertname().equals(a.labels().get("alertname")))
                                .toList());
                if (failure != null) {
                    failures.add(failure);
                }
            }
            return new Outcome(failures, published, t.moves());
        }
    }

    /** The lines of {@code input_logs}: each interval's count spread evenly over that interval. */
    private static List<LogRecord> logLines(TestGroup group) {
        List<LogRecord> lines = new ArrayList<>();
        long intervalMs = group.interval().toMillis();
        for (InputLogs in : group.logs()) {
            for (int i = 0; i < in.counts().size(); i++) {
                Double c = in.counts().get(i);
                int n = c == null ? 0 : c.intValue();
                long from = START.toEpochMilli() + i * intervalMs;
                for (int k = 0; k < n; k++) {
                    lines.add(new LogRecord(in.stream(), from + k * intervalMs / n, 0, in.line(), Map.of()));
                }
            }
        }
        lines.sort(Comparator.comparingLong(LogRecord::timestampMs));
        return lines;
    }

    private static String compare(AlertCheck check, List<Alert> firing) {
        List<Alert> unmatched = new ArrayList<>(firing);
        List<ExpectedAlert> missing = new ArrayList<>();
        for (ExpectedAlert e : check.expected()) {
            Alert match = unmatched.stream()
                    .filter(a -> a.labels().equals(e.labels())
                            && (e.annotations() == null || e.annotations().equals(written(a))))
                    .findFirst()
                    .orElse(null);
            if (match == null) {
                missing.add(e);
            } else {
                unmatched.remove(match);
            }
        }
        if (missing.isEmpty() && unmatched.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("alertname: " + check.alertname() + ", time: "
                + io.tocsin.core.config.Durations.format(check.evalTime()) + ",\n");
        sb.append("    exp: ")
                .append(check.expected().stream().map(RuleTestRunner::show).toList())
                .append('\n');
        sb.append("    got: ")
                .append(firing.stream()
                        .map(a -> show(new ExpectedAlert(a.labels(), written(a))))
                        .toList());
        return sb.toString();
    }

    /** The annotations the rule file writes: Tocsin's own pending start is not one of them (promtool has none). */
    private static Map<String, String> written(Alert a) {
        Map<String, String> out = new LinkedHashMap<>(a.annotations());
        out.remove(io.tocsin.rules.topology.RulesTopology.PENDING_SINCE);
        return out;
    }

    private static String show(ExpectedAlert e) {
        return "Labels:" + e.labels() + (e.annotations() == null ? "" : " Annotations:" + e.annotations());
    }
}
