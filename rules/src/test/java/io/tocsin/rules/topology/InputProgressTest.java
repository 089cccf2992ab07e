package io.tocsin.rules.topology;

import static io.tocsin.rules.topology.Progress.Input.LOGS;
import static io.tocsin.rules.topology.Progress.Input.SAMPLES;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputProgressTest {
    private static final long STARTED = 1_000;
    private static final long NOW = 10_000;

    private static Progress.Source samples(int p) {
        return new Progress.Source(SAMPLES, p);
    }

    /**
     * Reports as "partition@watermark" or "partition:idle", separated by spaces; feeders of the
     * share as partitions; the expected judgement time, or "unknown".
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                                   | partitions | reports                    | feeders | judged
            nothing is judged before any source reported             | 0          | -                          | 0       | unknown
            nothing is judged while a known partition has not reported | 3        | 0@5000 1@6000              | 0       | unknown
            the oldest watermark holds every share before catching up  | 2        | 0@5000 1@900               | 0       | 900
            a busy partition that has read nothing yet holds every share | 2      | 0@5000 1@0                 | 0       | unknown
            an idle partition holds nothing back                     | 2          | 0@5000 1:idle              | 0 1     | 5000
            when every partition is idle the share is judged up to now | 2        | 0:idle 1:idle              | 0       | 10000
            after catching up a share waits only for its feeders     | 2          | 0@5000 1@2000              | 0       | 5000
            a feeder behind holds its share back                     | 2          | 0@5000 1@2000              | 0 1     | 2000
            a share nothing fed is judged up to now                  | 2          | 0@5000 1@2000              | -       | 10000
            a watermark ahead of the wall clock is judged up to now  | 1          | 0@20000                    | 0       | 10000
            partitions of the other input do not count               | 1          | 0@5000 L0@100              | 0       | 5000
            """)
    void judgesAShareUpToWhereItsInputStands(
            String what, int partitions, String reports, String feeders, String judged) {
        InputProgress progress = new InputProgress(Map.of(SAMPLES, partitions, LOGS, 1), STARTED);
        if (reports != null) {
            for (String r : reports.split(" ")) {
                boolean logs = r.startsWith("L");
                String body = logs ? r.substring(1) : r;
                Progress.Source source =
                        new Progress.Source(logs ? LOGS : SAMPLES, Integer.parseInt(body.split("[@:]")[0]));
                boolean idle = body.endsWith(":idle");
                long wm = idle ? 0 : Long.parseLong(body.split("@")[1]);
                progress.report(new Progress(source, wm, idle));
            }
        }
        if (feeders != null) {
            for (String f : feeders.split(" ")) {
                progress.fed("share", samples(Integer.parseInt(f)));
            }
        }
        long t = progress.judgedUntil(SAMPLES, "share", NOW, false, true);
        assertEquals(judged, t == InputProgress.UNKNOWN ? "unknown" : Long.toString(t), what);
    }

    @org.junit.jupiter.api.Test
    void aJudgementTimeNeverGoesBackWhenAPartitionWakesUpBehindIt() {
        InputProgress progress = new InputProgress(Map.of(SAMPLES, 2), STARTED);
        progress.report(new Progress(samples(0), 5_000, false));
        progress.report(new Progress(samples(1), 0, true));
        progress.fed("share", samples(0));
        progress.fed("share", samples(1));
        assertEquals(5_000, progress.judgedUntil(SAMPLES, "share", NOW, false, true));
        progress.report(new Progress(samples(1), 3_000, false)); // busy again, with data older than what was judged
        assertEquals(
                5_000,
                progress.judgedUntil(SAMPLES, "share", NOW, false, true),
                "late data is late; time does not run back");
        progress.report(new Progress(samples(1), 7_000, false));
        progress.report(new Progress(samples(0), 8_000, false));
        assertEquals(7_000, progress.judgedUntil(SAMPLES, "share", NOW, false, true));
    }

    @org.junit.jupiter.api.Test
    void aSourceIsIdleAfterTheIdleTimeoutAndRepeatsItselfEveryKeepAlive() {
        SourceClock clock = new SourceClock(samples(0), 10_000, 5_000, 0, () -> true);
        clock.read(900, 1_000);
        assertEquals(new Progress(samples(0), 900, false), clock.due(1_100));
        assertEquals(null, clock.due(1_200), "nothing new to say");
        clock.read(50_000, 1_300); // a clock running ahead
        assertEquals(new Progress(samples(0), 1_300, false), clock.due(1_400), "capped at the wall clock");
        assertEquals(new Progress(samples(0), 1_300, false), clock.due(6_400), "repeated after the keep-alive");
        assertEquals(new Progress(samples(0), 1_300, true), clock.due(11_300), "idle 10 s after the last read");
    }

    @org.junit.jupiter.api.Test
    void aSourceThatReadNothingAndWhoseFetchFoundTheEndHasNoBacklogToWaitFor() {
        SourceClock clock = new SourceClock(samples(0), 10_000, 5_000, 0, () -> true);
        assertEquals(new Progress(samples(0), 0, false), clock.due(100), "its first fetch may still bring a backlog");
        assertEquals(new Progress(samples(0), 0, true), clock.due(SourceClock.STARTUP_IDLE_MS));
    }

    @org.junit.jupiter.api.Test
    void aSourceThatReadNothingAndHasNoAnswerFromItsFetchYetWaitsTheWholeIdleTimeout() {
        boolean[] fetched = {false};
        SourceClock clock = new SourceClock(samples(0), 10_000, 5_000, 0, () -> fetched[0]);
        assertEquals(new Progress(samples(0), 0, false), clock.due(SourceClock.STARTUP_IDLE_MS), "a backlog may come");
        assertEquals(new Progress(samples(0), 0, false), clock.due(9_000), "still no answer");
        fetched[0] = true;
        assertEquals(new Progress(samples(0), 0, true), clock.due(9_100), "the fetch found the end");
        SourceClock never = new SourceClock(samples(1), 10_000, 5_000, 0, () -> false);
        assertEquals(new Progress(samples(1), 0, true), never.due(10_000), "idle after the whole timeout regardless");
    }
}
