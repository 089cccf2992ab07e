package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.PushStamp;
import io.tocsin.rules.eval.SamplePartials;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import io.tocsin.rules.parse.RuleParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20, session 10's false transitions with windows judged by push arrival: stage 2 fed as
 * stage 1 feeds it, two input partitions, one writer whose pushes are stamped
 * ({@link PushStamp}). A ratio's 5xx series lands on partition 0, its requests on partition 1.
 *
 * <p>Session 10's cause: a stage-1 batch carried the newest arrival of all the records it
 * combined, so the part of a push that one source flushed together with later pushes waited for
 * their arrival, while the part another source flushed alone entered at the push's own: the
 * window held half the push (the 5xx without its requests: a ratio of 1.0, FIRING, then RESOLVED
 * when the rest came). Now every update carries its own push's arrival and stage 2 takes a push
 * into its windows only once every partition it touched has read it.
 */
class WholePushTest {
    private static final String RULES = """
            groups:
              - name: scenario
                rules:
                  - alert: ErrorRatio
                    select: 'http_requests_total{code="500"}'
                    over: 'http_requests_total'
                    aggregate: rate
                    window: 1m
                    by: [instance]
                    condition: '> 0.01'
            """;
    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    private static final Labels GROUP = Labels.of("instance", "web-0");
    private static final Progress.Source ERRORS = new Progress.Source(Progress.Input.SAMPLES, 0);
    private static final Progress.Source REQUESTS = new Progress.Source(Progress.Input.SAMPLES, 1);
    private static final String WRITER = "ingest-a";

    private final RuleSet rules =
            new RuleSet(RuleParser.parse(RULES, "scenario.rules.yml").rules());
    private final Rule rule = rules.get("scenario/ErrorRatio");
    private final String input = InputShares.of(rules).ofRule(rule.id()).id();
    private Stage2Driver driver;
    private final List<String> told = new ArrayList<>();

    /** Per partition: how far the writer's pushes are whole there, the newest seen, the last claim. */
    private final long[] whole = new long[2];

    private final long[] seen = new long[2];
    private final PushStamp[] claim = new PushStamp[2];

    @BeforeEach
    void start() {
        driver = new Stage2Driver(rules, TopologySettings.DEFAULTS, T0, Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void withTheNewestArrivalOfABatchHalfAPushEntersTheWindowAndTheRatioFlaps() {
        // Session 10's stage 1: partition 1 combined the push's requests with two later background
        // pushes and stamped the batch with the newest of them.
        long a = at(1_000);
        long b1 = a + 100;
        long b2 = a + 200;
        clockAt(1_100);
        send(ERRORS, errors(a), a);
        read(ERRORS, a, true, both(a));
        read(ERRORS, b1, true, both(b1)); // partition 0 has read the first background push, not the second
        report(ERRORS);
        send(REQUESTS, requests(a), b2); // the batch's newest arrival, not the push's
        read(REQUESTS, a, true, both(a));
        read(REQUESTS, b1, true, both(b1));
        read(REQUESTS, b2, true, both(b2));
        report(REQUESTS);
        collect();
        clockAt(1_300);
        read(ERRORS, b2, true, both(b2));
        report(ERRORS);
        collect();

        assertEquals(List.of("FIRING 1.0", "RESOLVED"), told, "half a push judged: 5xx without their requests");
    }

    @Test
    void everyPartOfAPushCarriesItsOwnArrivalAndEntersTheWindowTogether() {
        long a = at(1_000);
        long b1 = a + 100;
        long b2 = a + 200;
        clockAt(1_100);
        send(ERRORS, errors(a), a);
        read(ERRORS, a, true, both(a));
        read(ERRORS, b1, true, both(b1));
        report(ERRORS);
        send(REQUESTS, requests(a), a); // stage 1 keeps a partial per push now
        read(REQUESTS, a, true, both(a));
        read(REQUESTS, b1, true, both(b1));
        read(REQUESTS, b2, true, both(b2));
        report(REQUESTS);
        collect();
        clockAt(1_300);
        read(ERRORS, b2, true, both(b2));
        report(ERRORS);
        collect();

        assertEquals(List.of(), told, "0.2 % errors: no alert at any step");
    }

    @Test
    void aPushReadWholeOnOnePartitionWaitsForTheOtherPartitionItTouched() {
        long a = at(1_000);
        clockAt(1_100);
        send(ERRORS, errors(a), a);
        read(ERRORS, a, true, both(a));
        report(ERRORS);
        // partition 1 has read only the first of the push's request records so far
        read(REQUESTS, a, false, null);
        report(REQUESTS);
        collect();
        clockAt(5_000); // seconds pass: no timer lets the half push in
        report(ERRORS);
        report(REQUESTS);
        collect();
        assertEquals(List.of(), told, "the 5xx alone never judged");

        send(REQUESTS, requests(a), a);
        read(REQUESTS, a, true, both(a));
        report(REQUESTS);
        collect();
        assertEquals(List.of(), told);
    }

    @Test
    void aPushSplitAcrossTwoStageOneFlushesIsJudgedOnlyWhole() {
        long a = at(1_000);
        clockAt(1_100);
        // partition 1 flushes half the requests (its commit fell inside the push), then the rest
        send(REQUESTS, requests(a, 99.8), a);
        read(REQUESTS, a, false, null);
        report(REQUESTS);
        send(ERRORS, errors(a), a);
        read(ERRORS, a, true, both(a));
        report(ERRORS);
        collect();
        assertEquals(List.of(), told, "5xx against half the requests: not judged");
        clockAt(1_200);
        send(REQUESTS, requests(a, 99.8), a);
        read(REQUESTS, a, true, both(a));
        report(REQUESTS);
        collect();
        assertEquals(List.of(), told);
    }

    @Test
    void aPushThatTouchedOnePartitionIsWholeWithoutTheOtherReadingAnything() {
        // partition 1 read an old push long ago and nothing since; the breach's push wrote to partition 0 only
        long old = at(500);
        read(REQUESTS, old, true, both(old));
        report(REQUESTS);
        long a = at(1_000);
        clockAt(1_100);
        send(ERRORS, both(a, 5, 100), a);
        read(ERRORS, a, true, new long[] {a, old});
        report(ERRORS);
        collect();

        assertEquals(List.of("FIRING 0.05"), told, "judged at the push, with no idle timer");
    }

    @Test
    void aBreachFiresAtTheArrivalOfThePushThatCrossesIt() {
        List<Long> arrivals = new ArrayList<>();
        for (int s = 1; s <= 20; s++) {
            long a = at(s * 1_000L);
            arrivals.add(a);
            clockAt(s * 1_000L + 20);
            boolean breach = s >= 15;
            send(ERRORS, breach ? errors(a, 20) : errors(a), a);
            read(ERRORS, a, true, both(a));
            report(ERRORS);
            send(REQUESTS, requests(a), a);
            read(REQUESTS, a, true, both(a));
            report(REQUESTS);
            List<Alert> alerts = driver.alerts.readValuesToList();
            alerts.forEach(x -> told.add(describe(x)));
            if (!alerts.isEmpty()) {
                assertEquals(a, alerts.get(0).startsAt().toEpochMilli(), "judged at the push's arrival");
            }
        }
        assertEquals(1, told.size(), told.toString());
        assertEquals(AlertState.FIRING.name(), told.get(0).split(" ")[0]);
    }

    // ---- the writer's pushes as stage 1 reports them

    private static long at(long sinceT0Ms) {
        return T0.toEpochMilli() + sinceT0Ms;
    }

    private static long[] both(long arrival) {
        return new long[] {arrival, arrival};
    }

    /** Partition {@code source} read a record of the push at {@code arrival}; its last there when {@code last}. */
    private void read(Progress.Source source, long arrival, boolean last, long[] latest) {
        int p = source.partition();
        seen[p] = Math.max(seen[p], arrival);
        whole[p] = Math.max(whole[p], last ? arrival : arrival - 1);
        if (last) {
            claim[p] = new PushStamp(WRITER, arrival, true, latest);
        }
    }

    private void report(Progress.Source source) {
        int p = source.partition();
        PushMark mark = new PushMark(WRITER, whole[p], seen[p], claim[p], false);
        pipe(UpdateBatch.of(new Progress(source, seen[p], false, List.of(mark))));
    }

    private BucketUpdate errors(long arrival) {
        return errors(arrival, 0.4);
    }

    private BucketUpdate errors(long arrival, double increase) {
        return update(arrival, increase, true);
    }

    private BucketUpdate requests(long arrival) {
        return requests(arrival, 199.6);
    }

    private BucketUpdate requests(long arrival, double increase) {
        return update(arrival, increase, false);
    }

    /** A 5xx increase and the requests beside it, in one partial: both series on one partition. */
    private BucketUpdate both(long arrival, double errors, double all) {
        BucketUpdate e = update(arrival, errors, true);
        BucketUpdate r = update(arrival, all - errors, false);
        return new BucketUpdate(
                input,
                GROUP,
                e.bucketStart(),
                io.tocsin.rules.eval.Partial.merge(e.partial(), r.partial()),
                WRITER,
                arrival);
    }

    /** One tick's increase of one side, sampled 5 ms before its push arrived; the 5xx count in both sides. */
    private BucketUpdate update(long arrival, double increase, boolean error) {
        long ts = arrival - 5;
        long start = ts - Math.floorMod(ts, rule.bucketMs());
        return new BucketUpdate(
                input, GROUP, start, SamplePartials.of(rule, GROUP, increase, ts, error, true), WRITER, arrival);
    }

    private void send(Progress.Source source, BucketUpdate u, long stampedArrival) {
        BucketUpdate as =
                new BucketUpdate(u.inputId(), u.group(), u.bucketStart(), u.partial(), WRITER, stampedArrival);
        pipe(new UpdateBatch(List.of(as), source, null));
    }

    private void pipe(UpdateBatch batch) {
        driver.stage2.pipeInput(Slots.of(input, GROUP), batch, driver.now().toEpochMilli());
    }

    private void clockAt(long ms) {
        driver.clockAt(ms);
    }

    private void collect() {
        driver.alerts.readValuesToList().forEach(a -> told.add(describe(a)));
    }

    private static String describe(Alert a) {
        if (a.state() == AlertState.FIRING) {
            return "FIRING " + Math.round(a.value() * 1000) / 1000.0;
        }
        return a.state().name();
    }
}
