package io.tocsin.rules.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowTest {
    private static final long WIDTH = 2_000;

    /**
     * A ring of 2 s buckets, each sample counting 1 in the bucket its time falls in; the count read
     * over [0, to) by {@link Window#mergedComplete}.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                                              | samples          | to   | count
            a bucket lying wholly before the judgement time is read            | 0 1000 2000      | 4000 | 3
            a bucket whose newest data is before the judgement time is read    | 0 2000 2500      | 2501 | 3
            a bucket whose newest moment is the judgement time may lack some of it | 0 2000 2500  | 2500 | 1
            a bucket holding data after the judgement time is left out         | 0 2000 2500 3000 | 2600 | 1
            a bucket filled by a source ahead of the others waits for them     | 0 4100           | 4050 | 1
            """)
    void aBucketIsReadWhenItIsCompleteBeforeTheJudgementTime(String name, String sampleTimes, long to, long count) {
        List<Bucket> ring = new ArrayList<>();
        for (String t : sampleTimes.split(" ")) {
            long ts = Long.parseLong(t);
            ring = Window.add(ring, ts / WIDTH * WIDTH, Partial.of(1, ts));
        }
        Partial read = Window.mergedComplete(ring, 0, to, WIDTH);
        assertEquals(count, read == null ? 0 : read.count(), name);
    }

    @org.junit.jupiter.api.Test
    void aRatiosDenominatorAheadOfTheJudgementTimeKeepsItsBucketOut() {
        Partial errors = Partial.of(1, 2_100).withOver(Partial.of(1, 2_100));
        Partial requestsAhead = Partial.EMPTY.withOver(Partial.of(1, 2_900));
        List<Bucket> ring = Window.add(Window.add(List.of(), 2_000, errors), 2_000, requestsAhead);
        assertEquals(null, Window.mergedComplete(ring, 0, 2_500, WIDTH), "the 5xx without its requests");
        assertEquals(1, Window.mergedComplete(ring, 0, 2_901, WIDTH).count());
    }
}
