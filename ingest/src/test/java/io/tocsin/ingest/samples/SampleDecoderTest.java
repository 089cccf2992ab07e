package io.tocsin.ingest.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SampleDecoderTest {
    /** 2023-11-14T22:13:20Z. */
    private static final long NOW = 1_700_000_000_000L;

    private static final long MINUTE = 60_000L;

    private final SampleDecoder decoder = new SampleDecoder(
            new SampleLimits(30, 2048, Duration.ofHours(1), Duration.ofMinutes(10)),
            Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    // ---- accepted ----

    @Test
    void objectFormDecodesEveryField() {
        List<Sample> samples = accept("""
                {'samples':[{'name':'http_requests_total','labels':{'status':'500','job':'api'},
                             'value':1,'timestamp':1700000000000,'kind':'counter'}]}""");
        assertEquals(
                List.of(new Sample(
                        "http_requests_total", Labels.of("job", "api", "status", "500"), 1.0, NOW, SampleKind.COUNTER)),
                samples);
        assertEquals(
                "http_requests_total{job=\"api\", status=\"500\"}",
                samples.get(0).seriesId());
    }

    @Test
    void bareArrayIsTheSameBatch() {
        assertEquals(
                accept("{'samples':[{'name':'up','value':1},{'name':'down','value':0}]}"),
                accept("[{'name':'up','value':1},{'name':'down','value':0}]"));
    }

    @Test
    void missingTimestampKindAndLabelsMeanNowGaugeAndNoLabels() {
        assertEquals(
                List.of(new Sample("up", Labels.EMPTY, 1, NOW, SampleKind.GAUGE)), accept("[{'name':'up','value':1}]"));
        assertEquals(
                List.of(new Sample("up", Labels.EMPTY, 1, NOW, SampleKind.GAUGE)),
                accept("[{'name':'up','value':1,'labels':null,'timestamp':null,'kind':null}]"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gauge", "counter", "histogram_bucket", "summary_quantile", "untyped"})
    void everyKindIsAccepted(String kind) {
        assertEquals(
                SampleKind.fromWire(kind),
                accept("[{'name':'x','value':1,'kind':'" + kind + "'}]").get(0).kind());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void acceptedTimestamps(String why, String timestamp, long expectedMs) {
        assertEquals(
                expectedMs,
                accept("[{'name':'x','value':1,'timestamp':" + timestamp + "}]")
                        .get(0)
                        .timestampMs());
    }

    static Stream<Arguments> acceptedTimestamps() {
        return Stream.of(
                arguments("RFC 3339 in UTC", "'2023-11-14T22:13:20Z'", NOW),
                arguments("RFC 3339 with an offset and milliseconds", "'2023-11-14T23:13:20.250+01:00'", NOW + 250),
                arguments("RFC 3339 in lower case", "'2023-11-14t22:13:20z'", NOW),
                arguments("milliseconds in exponent notation", "1.7E12", NOW),
                arguments("milliseconds as a whole float", "1700000000000.0", NOW),
                arguments("exactly the max age", String.valueOf(NOW - 60 * MINUTE), NOW - 60 * MINUTE),
                arguments("exactly the max future skew", String.valueOf(NOW + 10 * MINUTE), NOW + 10 * MINUTE));
    }

    @Test
    void limitsAreInclusive() {
        String thirtyLabels = labels(30, "v");
        String value2048 = "v".repeat(2048);
        String emoji2048 = "\uD83D\uDD25".repeat(2048); // 2048 characters, 4096 UTF-16 units
        assertEquals(
                30,
                accept("[{'name':'x','value':1,'labels':" + thirtyLabels + "}]")
                        .get(0)
                        .labels()
                        .size());
        assertEquals(
                value2048,
                accept("[{'name':'x','value':1,'labels':{'a':'" + value2048 + "'}}]")
                        .get(0)
                        .labels()
                        .get("a"));
        assertEquals(
                emoji2048,
                accept("[{'name':'x','value':1,'labels':{'a':'" + emoji2048 + "'}}]")
                        .get(0)
                        .labels()
                        .get("a"));
    }

    @Test
    void valuesKeepTheirPrecisionAndSign() {
        List<Sample> s =
                accept("[{'name':'a','value':-0.5},{'name':'b','value':9007199254740993},{'name':'c','value':1e-300}]");
        assertEquals(
                List.of(-0.5, 9.007199254740992E15, 1e-300),
                s.stream().map(Sample::value).toList());
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        assertEquals(
                1,
                accept("[{'name':'x','value':1,'help':'a gauge','unit':'s'}]").size());
    }

    @Test
    void colonsAndUnderscoresAreValidInMetricNames() {
        assertEquals(
                "job:http_requests:rate5m",
                accept("[{'name':'job:http_requests:rate5m','value':1}]").get(0).name());
        assertEquals(
                "_x",
                accept("[{'name':'_x','value':1,'labels':{'_a':'b'}}]").get(0).name());
    }

    // ---- rejected: every path, with the exact message a client sees ----

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void rejected(String why, String body, String expectedReason) {
        assertEquals(expectedReason, reject(body));
    }

    static Stream<Arguments> rejected() {
        String kinds = "(one of gauge, counter, histogram_bucket, summary_quantile, untyped)";
        return Stream.of(
                arguments("empty body", "", "body: is empty; send {\"samples\":[...]}"),
                arguments("a JSON string", "'hello'", "body: must be {\"samples\":[...]} or a JSON array of samples"),
                arguments("object without samples", "{'sample':[]}", "samples: required"),
                arguments("samples is not an array", "{'samples':{'name':'x'}}", "samples: must be an array"),
                arguments("empty array", "[]", "samples: batch is empty"),
                arguments("empty samples", "{'samples':[]}", "samples: batch is empty"),
                arguments("item is not an object", "[{'name':'x','value':1}, 1]", "samples[1]: must be a JSON object"),
                arguments("name missing", "[{'value':1}]", "samples[0].name: required"),
                arguments("name is a number", "[{'name':7,'value':1}]", "samples[0].name: must be a string"),
                arguments(
                        "name starts with a digit",
                        "[{'name':'1abc','value':1}]",
                        "samples[0].name: invalid metric name \"1abc\" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)"),
                arguments(
                        "name with a dash",
                        "[{'name':'http-requests','value':1}]",
                        "samples[0].name: invalid metric name \"http-requests\" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)"),
                arguments(
                        "empty name",
                        "[{'name':'','value':1}]",
                        "samples[0].name: invalid metric name \"\" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)"),
                arguments(
                        "long bad name is cut short in the message",
                        "[{'name':'-" + "a".repeat(100) + "','value':1}]",
                        "samples[0].name: invalid metric name \"-" + "a".repeat(63)
                                + "…\" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)"),
                arguments(
                        "labels is an array",
                        "[{'name':'x','value':1,'labels':['a']}]",
                        "samples[0].labels: must be a JSON object of string values"),
                arguments(
                        "label name starts with a digit, fourth item",
                        "[" + "{'name':'x','value':1},".repeat(3)
                                + "{'name':'x','value':1,'labels':{'job':'api','1x':'y'}}]",
                        "samples[3].labels[\"1x\"]: invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)"),
                arguments(
                        "label name with a dot",
                        "[{'name':'x','value':1,'labels':{'a.b':'y'}}]",
                        "samples[0].labels[\"a.b\"]: invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)"),
                arguments(
                        "label name with a colon",
                        "[{'name':'x','value':1,'labels':{'a:b':'y'}}]",
                        "samples[0].labels[\"a:b\"]: invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)"),
                arguments(
                        "empty label name",
                        "[{'name':'x','value':1,'labels':{'':'y'}}]",
                        "samples[0].labels[\"\"]: invalid label name (must match [a-zA-Z_][a-zA-Z0-9_]*)"),
                arguments(
                        "reserved label name",
                        "[{'name':'x','value':1,'labels':{'__name__':'y'}}]",
                        "samples[0].labels[\"__name__\"]: label names starting with __ are reserved"),
                arguments(
                        "label value is a number",
                        "[{'name':'x','value':1,'labels':{'status':500}}]",
                        "samples[0].labels[\"status\"]: label value must be a string"),
                arguments(
                        "label value is null",
                        "[{'name':'x','value':1,'labels':{'status':null}}]",
                        "samples[0].labels[\"status\"]: label value must be a string"),
                arguments(
                        "label value is empty",
                        "[{'name':'x','value':1,'labels':{'status':''}}]",
                        "samples[0].labels[\"status\"]: label value must not be empty (leave the label out instead)"),
                arguments(
                        "label value too long",
                        "[{'name':'x','value':1,'labels':{'a':'" + "v".repeat(2049) + "'}}]",
                        "samples[0].labels[\"a\"]: label value is 2049 characters, at most 2048 allowed"),
                arguments(
                        "too many labels",
                        "[{'name':'x','value':1,'labels':" + labels(31, "v") + "}]",
                        "samples[0].labels: 31 labels, at most 30 allowed"),
                arguments("value missing", "[{'name':'x'}]", "samples[0].value: required"),
                arguments("value is null", "[{'name':'x','value':null}]", "samples[0].value: required"),
                arguments("value is a string", "[{'name':'x','value':'1'}]", "samples[0].value: must be a JSON number"),
                arguments(
                        "value is a boolean", "[{'name':'x','value':true}]", "samples[0].value: must be a JSON number"),
                arguments(
                        "value is NaN",
                        "[{'name':'x','value':NaN}]",
                        "samples[0].value: must be finite (NaN and Infinity are not accepted)"),
                arguments(
                        "value is Infinity",
                        "[{'name':'x','value':Infinity}]",
                        "samples[0].value: must be finite (NaN and Infinity are not accepted)"),
                arguments(
                        "value is -Infinity",
                        "[{'name':'x','value':-Infinity}]",
                        "samples[0].value: must be finite (NaN and Infinity are not accepted)"),
                arguments(
                        "value overflows a double",
                        "[{'name':'x','value':1e400}]",
                        "samples[0].value: must be finite (NaN and Infinity are not accepted)"),
                arguments(
                        "timestamp older than the max age",
                        "[{'name':'x','value':1,'timestamp':" + (NOW - 61 * MINUTE) + "}]",
                        "samples[0].timestamp: 2023-11-14T21:12:20Z is older than 1h (numbers are Unix milliseconds)"),
                arguments(
                        "timestamp in seconds",
                        "[{'name':'x','value':1,'timestamp':1700000000}]",
                        "samples[0].timestamp: 1970-01-20T16:13:20Z is older than 1h (numbers are Unix milliseconds)"),
                arguments(
                        "timestamp too far ahead",
                        "[{'name':'x','value':1,'timestamp':" + (NOW + 11 * MINUTE) + "}]",
                        "samples[0].timestamp: 2023-11-14T22:24:20Z is more than 10m in the future (numbers are Unix milliseconds)"),
                arguments(
                        "RFC 3339 timestamp too old",
                        "[{'name':'x','value':1,'timestamp':'2023-11-14T20:00:00Z'}]",
                        "samples[0].timestamp: 2023-11-14T20:00:00Z is older than 1h"),
                arguments(
                        "timestamp is not a date",
                        "[{'name':'x','value':1,'timestamp':'yesterday'}]",
                        "samples[0].timestamp: \"yesterday\" is not an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00Z)"),
                arguments(
                        "timestamp without offset",
                        "[{'name':'x','value':1,'timestamp':'2023-11-14T22:13:20'}]",
                        "samples[0].timestamp: \"2023-11-14T22:13:20\" is not an RFC 3339 timestamp (e.g. 2024-05-01T12:00:00Z)"),
                arguments(
                        "timestamp with fractional milliseconds",
                        "[{'name':'x','value':1,'timestamp':1700000000000.5}]",
                        "samples[0].timestamp: must be whole Unix milliseconds or an RFC 3339 string"),
                arguments(
                        "timestamp beyond a long",
                        "[{'name':'x','value':1,'timestamp':1e30}]",
                        "samples[0].timestamp: must be whole Unix milliseconds or an RFC 3339 string"),
                arguments(
                        "timestamp is a boolean",
                        "[{'name':'x','value':1,'timestamp':true}]",
                        "samples[0].timestamp: must be Unix milliseconds or an RFC 3339 string"),
                arguments(
                        "unknown kind",
                        "[{'name':'x','value':1,'kind':'histogram'}]",
                        "samples[0].kind: unknown kind \"histogram\" " + kinds),
                arguments(
                        "kind in upper case",
                        "[{'name':'x','value':1,'kind':'COUNTER'}]",
                        "samples[0].kind: unknown kind \"COUNTER\" " + kinds),
                arguments(
                        "kind is a number",
                        "[{'name':'x','value':1,'kind':1}]",
                        "samples[0].kind: unknown kind 1 " + kinds));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void bodiesThatAreNotJson(String why, String body, String expectedPrefix) {
        DecodeResult r = decoder.decode(body.getBytes(StandardCharsets.UTF_8));
        String reason = assertInstanceOf(DecodeResult.Rejected.class, r, () -> r.toString())
                .reason();
        assertTrue(reason.startsWith("body is not valid JSON: " + expectedPrefix), reason);
    }

    static Stream<Arguments> bodiesThatAreNotJson() {
        return Stream.of(
                arguments("truncated", "{\"samples\":[{\"name\":\"x\"", "Unexpected end-of-input"),
                arguments("single quotes", "{\"samples\":[{'name':1}]}", "Unexpected character"),
                arguments(
                        "a label given twice",
                        "[{\"name\":\"x\",\"value\":1,\"labels\":{\"job\":\"a\",\"job\":\"b\"}}]",
                        "Duplicate field 'job'"),
                arguments("two documents", "[{\"name\":\"x\",\"value\":1}] []", "Trailing token"),
                arguments("not UTF-8 JSON at all", "name=x value=1", "Unrecognized token"));
    }

    @Test
    void syntaxErrorsSayWhereButDoNotEchoTheBody() {
        String reason = reject("[{'name':'x','value':1,'secret':'hunter2' oops}]");
        assertTrue(reason.contains("(line 1, column "), reason);
        assertTrue(!reason.contains("hunter2"), reason);
    }

    @Test
    void theFirstBadItemIsTheOneNamed() {
        assertEquals("samples[1].value: required", reject("[{'name':'x','value':1},{'name':'x'},{'name':'1'}]"));
    }

    @Test
    void aSyntaxErrorAfterABadSampleIsStillReportedAsNotJson() {
        String reason = reject("[{'name':'1bad','value':1},{'name':'x','value':1} oops]");
        assertTrue(reason.startsWith("body is not valid JSON: Unexpected character"), reason);
        assertTrue(reject("[{'name':'1bad','value':1}] []").startsWith("body is not valid JSON: Trailing token"));
        assertTrue(reject("[{'name':'1bad','value':1},{'name':'x','value':1,'value':2}]")
                .startsWith("body is not valid JSON: Duplicate field 'value'"));
    }

    @Test
    void fieldsAreJudgedNameFirstWhateverOrderTheyAreWrittenIn() {
        assertEquals(
                "samples[0].name: invalid metric name \"1abc\" (must match [a-zA-Z_:][a-zA-Z0-9_:]*)",
                reject("[{'kind':'nope','timestamp':true,'value':'x','labels':{'1x':'y'},'name':'1abc'}]"));
        assertEquals(
                "samples[0].labels: 31 labels, at most 30 allowed",
                reject("[{'name':'x','value':1,'labels':" + labels(31, "").replace("{'l0'", "{'0bad'") + "}]"),
                "the number of labels before the first bad one");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void rejectedOddities(String why, String body, String expectedReason) {
        assertEquals(expectedReason, reject(body));
    }

    static Stream<Arguments> rejectedOddities() {
        String kinds = "(one of gauge, counter, histogram_bucket, summary_quantile, untyped)";
        return Stream.of(
                arguments(
                        "kind is an object",
                        "[{'name':'x','value':1,'kind':{'a':[1]}}]",
                        "samples[0].kind: unknown kind {\"a\":[1]} " + kinds),
                arguments(
                        "kind is a float",
                        "[{'name':'x','value':1,'kind':1.50}]",
                        "samples[0].kind: unknown kind 1.5 " + kinds),
                arguments(
                        "timestamp is an integer beyond a long",
                        "[{'name':'x','value':1,'timestamp':100000000000000000000000}]",
                        "samples[0].timestamp: must be whole Unix milliseconds or an RFC 3339 string"),
                arguments(
                        "timestamp is NaN",
                        "[{'name':'x','value':1,'timestamp':NaN}]",
                        "samples[0].timestamp: must be whole Unix milliseconds or an RFC 3339 string"),
                arguments(
                        "timestamp is an object",
                        "[{'name':'x','value':1,'timestamp':{'s':1}}]",
                        "samples[0].timestamp: must be Unix milliseconds or an RFC 3339 string"),
                arguments("value is an array", "[{'name':'x','value':[1]}]", "samples[0].value: must be a JSON number"),
                arguments("name is an object", "[{'name':{'x':1},'value':1}]", "samples[0].name: must be a string"),
                arguments(
                        "label value is an object",
                        "[{'name':'x','value':1,'labels':{'a':{'b':'c'}}}]",
                        "samples[0].labels[\"a\"]: label value must be a string"),
                arguments("an item is an array", "[[{'name':'x','value':1}]]", "samples[0]: must be a JSON object"),
                arguments("samples is null", "{'samples':null}", "samples: required"));
    }

    @Test
    void otherFieldsBesideSamplesAreIgnored() {
        assertEquals(
                1,
                accept("{'source':{'a':[1,2]},'samples':[{'name':'x','value':1}],'n':1}")
                        .size());
    }

    // ---- helpers ----

    /** Test bodies are written with single quotes for readability. */
    private static byte[] body(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private List<Sample> accept(String body) {
        DecodeResult r = decoder.decode(body(body));
        return assertInstanceOf(DecodeResult.Accepted.class, r, () -> r.toString())
                .samples();
    }

    private String reject(String body) {
        DecodeResult r = decoder.decode(body(body));
        return assertInstanceOf(DecodeResult.Rejected.class, r, () -> r.toString())
                .reason();
    }

    private static String labels(int count, String value) {
        return IntStream.range(0, count)
                .mapToObj(i -> "'l" + i + "':'" + value + "'")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
