package io.tocsin.rules.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.wire.Labels;
import io.tocsin.rules.eval.AlertStatus;
import io.tocsin.rules.eval.CounterDelta;
import io.tocsin.rules.eval.Partial;
import io.tocsin.rules.eval.Phase;
import io.tocsin.rules.eval.Regression;
import io.tocsin.rules.eval.SeriesRun;
import io.tocsin.rules.eval.Sketches;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EvalCodecsTest {
    private static final BinarySerde<Partial> PARTIAL = BinarySerde.of("partial", EvalCodecs.PARTIAL, 16);

    @Test
    void aPartialWithEveryOptionalPartSurvivesTheRoundTrip() {
        Partial over = Partial.merge(Partial.of(4, 1_000), Partial.of(-2.5, 3_000));
        Partial full = Partial.of(7, 2_000)
                .withLine(Regression.merge(Regression.of(1_000, 1), Regression.of(2_000, 3)))
                .withLe(Map.of("0.5", 1.0, "+Inf", 3.0))
                .withSketch(Sketches.of(42))
                .withOver(over)
                .withRuns(new java.util.TreeMap<>(Map.of(
                        "{a=\"1\"}",
                        SeriesRun.merge(SeriesRun.of(5, 1_000, null), SeriesRun.of(2, 2_000, null)),
                        "{le=\"0.5\"}",
                        SeriesRun.of(1, 1_500, "0.5"))));

        assertEquals(full, PARTIAL.decode(PARTIAL.encode(full)));
    }

    @Test
    void theEmptyPartialKeepsItsInfinitiesAndExtremeTimestamps() {
        assertEquals(Partial.EMPTY, PARTIAL.decode(PARTIAL.encode(Partial.EMPTY)));
    }

    @Test
    void aPlainPartialIsAboutAThirdOfItsJson() {
        Partial p = Partial.merge(Partial.of(12.5, 1_763_900_000_000L), Partial.of(13, 1_763_900_010_000L));
        int binary = PARTIAL.encode(p).length;
        int json = io.tocsin.core.json.Json.write(p).length;
        assertTrue(binary * 2 < json, binary + " bytes binary vs " + json + " bytes JSON");
    }

    @Test
    void labelsStatusAndCounterValuesSurviveTheRoundTrip() {
        Labels labels = Labels.of("instance", "i-1", "path", "/ü\"x");
        AlertStatus status = new AlertStatus(Phase.FIRING, 10, Double.NaN, 20, 30);
        CounterDelta.Last last = new CounterDelta.Last(1e300, -5);

        assertEquals(
                labels,
                BinarySerde.of("labels", EvalCodecs.LABELS, 8)
                        .decode(BinarySerde.of("labels", EvalCodecs.LABELS, 8).encode(labels)));
        assertEquals(
                status,
                BinarySerde.of("status", EvalCodecs.STATUS, 8)
                        .decode(BinarySerde.of("status", EvalCodecs.STATUS, 8).encode(status)));
        BinarySerde<CounterDelta.Last> counters = BinarySerde.of("counter", EvalCodecs.COUNTER_LAST, 8);
        assertEquals(last, counters.decode(counters.encode(last)));
    }

    @Test
    void aTruncatedValueIsASerializationErrorNamingTheType() {
        byte[] bytes = PARTIAL.encode(Partial.of(1, 2));
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);

        SerializationException e = assertThrows(
                SerializationException.class, () -> PARTIAL.deserializer().deserialize("t", cut));
        assertTrue(e.getMessage().contains("not a valid partial on t"), e.getMessage());
    }

    @Test
    void jsonOrTrailingBytesAreRejectedRatherThanMisread() {
        assertThrows(
                SerializationException.class,
                () -> PARTIAL.deserializer().deserialize("t", io.tocsin.core.json.Json.write(Partial.of(1, 2))));
        byte[] bytes = PARTIAL.encode(Partial.of(1, 2));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(SerializationException.class, () -> PARTIAL.deserializer().deserialize("t", longer));
    }

    @Test
    void aSizeLargerThanTheInputIsRejectedBeforeAnythingIsAllocated() {
        byte[] huge = new ByteWriter(8).writeVarint(Integer.MAX_VALUE).toByteArray();
        assertThrows(IllegalArgumentException.class, () -> new ByteReader(huge).readString());
    }
}
