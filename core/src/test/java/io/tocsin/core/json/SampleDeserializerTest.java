package io.tocsin.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SampleDeserializerTest {
    private final SampleDeserializer fast = new SampleDeserializer();
    private final org.apache.kafka.common.serialization.Deserializer<Sample> bound =
            JsonSerde.of(Sample.class).deserializer();

    @Test
    void readsWhatTheWireFormatWritesExactlyAsTheMapperDoes() {
        for (Sample s : List.of(
                new Sample(
                        "http_requests_total",
                        Labels.of("instance", "web-1", "status", "500"),
                        42,
                        1_763_900_000_123L,
                        SampleKind.COUNTER),
                new Sample("up", Labels.EMPTY, 0, 1, SampleKind.GAUGE),
                new Sample("odd", Labels.of("a", "b"), Double.NaN, 5, SampleKind.UNTYPED),
                new Sample("huge", Labels.of("a", "b"), Double.NEGATIVE_INFINITY, 5, SampleKind.HISTOGRAM_BUCKET),
                new Sample("tiny", Labels.of("le", "+Inf", "x", "\"quoted\" ünïcode"), 1.5e-300, 5, null))) {
            byte[] wire = JsonSerde.of(Sample.class).serializer().serialize("t", s);
            assertEquals(s, fast.deserialize("t", wire));
            assertEquals(bound.deserialize("t", wire), fast.deserialize("t", wire));
        }
    }

    @Test
    void unknownFieldsAreSkippedAndMissingLabelsAndKindDefault() {
        byte[] wire = """
                {"extra":{"nested":[1,2,{"x":null}]},"name":"m","value":3,"timestampMs":7}
                """.getBytes(StandardCharsets.UTF_8);
        Sample expected = new Sample("m", Labels.EMPTY, 3, 7, SampleKind.GAUGE);
        assertEquals(expected, fast.deserialize("t", wire));
        assertEquals(bound.deserialize("t", wire), fast.deserialize("t", wire));
    }

    @Test
    void aRecordThatIsNotASampleIsASerializationErrorNamingTheTopic() {
        for (String bad : List.of(
                "[1]",
                "{\"value\":1}",
                "{\"name\":\"m\",\"value\":true}",
                "{\"name\":\"m\",\"labels\":{\"a\":1}}",
                "{\"name\":\"m\",\"kind\":\"bogus\"}",
                "not json")) {
            SerializationException e = assertThrows(
                    SerializationException.class,
                    () -> fast.deserialize("tocsin.samples.v1", bad.getBytes(StandardCharsets.UTF_8)),
                    bad);
            assertEquals("not a valid Sample on tocsin.samples.v1", e.getMessage());
        }
    }

    @Test
    void aPointIsTheValueAndTimeOfASampleWithNameAndLabelsSkipped() {
        Sample s = new Sample(
                "http_requests_total",
                Labels.of("instance", "web-1", "le", "+Inf"),
                42.5,
                1_763_900_000_123L,
                SampleKind.COUNTER);
        byte[] wire = JsonSerde.of(Sample.class).serializer().serialize("t", s);
        assertEquals(new SampleDeserializer.Point(42.5, 1_763_900_000_123L), SampleDeserializer.point("t", wire));
        for (String bad : List.of("[1]", "{\"value\":true}", "not json")) {
            SerializationException e = assertThrows(
                    SerializationException.class,
                    () -> SampleDeserializer.point("tocsin.samples.v1", bad.getBytes(StandardCharsets.UTF_8)),
                    bad);
            assertEquals("not a valid Sample on tocsin.samples.v1", e.getMessage());
        }
    }
}
