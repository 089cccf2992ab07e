package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NextWakeTest {
    private static final long FLUSH = 100;
    private static final long EVAL = 1_000;

    private static long parse(String ms) {
        return ms.equals("never") || ms.equals("none") ? Long.MAX_VALUE : Long.parseLong(ms);
    }

    private static String show(long ms) {
        return ms == NextWake.NEVER ? "never" : Long.toString(ms);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                                        | oldest buffered | progress due | wake
            an idle source with nothing buffered wakes only for its progress | none         | 15000        | 15000
            a source with nothing buffered and no progress due never wakes   | none         | never        | never
            partials wait at most a flush interval for a commit              | 10020        | 15000        | 10120
            progress due before the flush wakes the stage first              | 10020        | 10050        | 10050
            """)
    void stageOneWakesOnlyForWhatIsBufferedOrDue(String what, String oldest, String progressDue, String wake) {
        assertEquals(wake, show(NextWake.stage1(parse(oldest), FLUSH, parse(progressDue))), what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                                        | first due | last tick | rule set changed | wake
            no group due by the clock: no tick at all                     | never     | 10000     | false            | never
            a boundary long after the last tick is judged at that moment  | 25300     | 10000     | false            | 25300
            a boundary soon after a tick waits for the evaluation interval | 10300    | 10000     | false            | 11000
            a firing group due at the next tick keeps the 1 s cadence     | 10001     | 10000     | false            | 11000
            a group due at once (its time to be worked out) ticks once an interval | -9223372036854775807 | 10000 | false | 11000
            a changed rule set ticks within an interval even if nothing is due | never | 10000    | true             | 11000
            """)
    void stageTwoTicksAtTheFirstDueTimeAtMostOnceAnInterval(
            String what, String firstDue, long lastTick, boolean changed, String wake) {
        assertEquals(wake, show(NextWake.stage2(parse(firstDue), lastTick, EVAL, changed)), what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                                                 | first due | judged until | wake
            an input that keeps up with the clock: its due time as it stands        | 25300     | 20000        | 25300
            nothing due: never                                                      | never     | 20000        | never
            an input behind the clock, due after where it stands: only input moves it | 18500  | 18000        | never
            an input behind the clock, due where it stands: judged at the next tick | 18000     | 18000        | 18000
            an input behind the clock, due long before it: judged at the next tick  | 12000     | 18000        | 12000
            a group due at once on an input behind the clock: the next tick         | -9223372036854775807 | 18000 | -9223372036854775807
            an input whose sources have not all reported: only their reports move it | 12000    | unknown      | never
            """)
    void stageTwoWaitsForInputNotTheClockWhileItsInputLags(
            String what, String firstDue, String judgedUntil, String wake) {
        long now = 20_000;
        long until = judgedUntil.equals("unknown") ? InputProgress.UNKNOWN : Long.parseLong(judgedUntil);
        assertEquals(wake, show(NextWake.byClock(parse(firstDue), until, now)), what);
    }

    @ParameterizedTest(name = "after {0} on a {1} ms grid: {2}")
    @CsvSource(textBlock = """
            0,     5000, 5000
            4999,  5000, 5000
            5000,  5000, 10000
            12345, 5000, 15000
            """)
    void periodicWorkFallsOnTheSameGridInEveryTask(long after, long grid, long next) {
        assertEquals(next, NextWake.nextOnGrid(after, grid));
    }
}
