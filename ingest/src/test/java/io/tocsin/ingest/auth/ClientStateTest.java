package io.tocsin.ingest.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.re2j.Pattern;
import io.tocsin.core.config.Secret;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.sink.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClientStateTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));

    private ClientState client(LabelPolicy labels, RateLimit rate, int maxSeries) {
        return new ClientState(new Client("web", Secret.inline("t".repeat(16)), labels, rate, maxSeries), clock);
    }

    @Test
    void labelsOutsideThePolicyAre403AndNameTheSample() {
        ClientState c = client(new LabelPolicy(Map.of("job", Pattern.compile("web|api"))), RateLimit.UNLIMITED, 0);
        assertEquals(Admission.ADMITTED, c.admit(samples("up", "job", "api")));
        assertEquals(
                new Admission.Refused(
                        403, "client web: sample 0 (up): job is required for this client (must match web|api)", null),
                c.admit(samples("up")),
                "an absent label does not slip through the scope");
        assertEquals(
                new Admission.Refused(
                        403, "client web: log 0: job is required for this client (must match web|api)", null),
                c.admit(DecodeResult.Accepted.logs(
                        List.of(new LogRecord(Labels.of("app", "x"), 0, 0, "l", Map.of())))));
        assertEquals(
                new Admission.Refused(
                        403, "client web: sample 1 (up): job=\"db\" is not allowed (must match web|api)", null),
                c.admit(new DecodeResult.Accepted(List.of(sample("up", "job", "web"), sample("up", "job", "db")))));
        assertEquals(
                new Admission.Refused(403, "client web: log 0: job=\"webx\" is not allowed (must match web|api)", null),
                c.admit(DecodeResult.Accepted.logs(
                        List.of(new LogRecord(Labels.of("job", "webx"), 0, 0, "l", Map.of())))));
    }

    @Test
    void metricNamesAreConstrainedThroughName() {
        ClientState c = client(new LabelPolicy(Map.of("__name__", Pattern.compile("app_.*"))), RateLimit.UNLIMITED, 0);
        assertEquals(Admission.ADMITTED, c.admit(samples("app_requests_total")));
        assertEquals(
                new Admission.Refused(
                        403, "client web: sample 0 (up): __name__=\"up\" is not allowed (must match app_.*)", null),
                c.admit(samples("up")));
        assertEquals(
                Admission.ADMITTED,
                c.admit(DecodeResult.Accepted.logs(List.of(new LogRecord(Labels.of("app", "x"), 0, 0, "l", Map.of())))),
                "a log stream has no metric name to judge");
    }

    @Test
    void overTheRateIs429WithTheWaitAndSpendsNothing() {
        ClientState c = client(LabelPolicy.ANY, new RateLimit(10, 20), 0);
        assertEquals(Admission.ADMITTED, c.admit(batch(15)));
        assertEquals(
                new Admission.Refused(429, "client web: rate limit of 10.0 records/s exceeded; retry in 2 s", 2),
                c.admit(batch(20)),
                "5 left, 15 more take 1.5 s");
        assertEquals(Admission.ADMITTED, c.admit(batch(5)), "the refused batch spent nothing");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Admission.ADMITTED, c.admit(batch(10)));
        clock.advance(Duration.ofHours(1));
        assertEquals(Admission.ADMITTED, c.admit(batch(20)), "refills up to the burst");
        assertEquals(429, ((Admission.Refused) c.admit(batch(1))).status());
    }

    @Test
    void aBatchLargerThanTheBurstIs413() {
        assertEquals(
                new Admission.Refused(
                        413, "client web: batch of 21 records is larger than its burst of 20; split it", null),
                client(LabelPolicy.ANY, new RateLimit(10, 20), 0).admit(batch(21)));
    }

    @Test
    void theSeriesCapCountsDistinctSeriesAndStreamsAndRefusesOnlyNewOnes() {
        ClientState c = client(LabelPolicy.ANY, RateLimit.UNLIMITED, 3);
        assertEquals(
                Admission.ADMITTED,
                c.admit(new DecodeResult.Accepted(
                        List.of(sample("up", "i", "1"), sample("up", "i", "1"), sample("up", "i", "2")))));
        assertEquals(
                new Admission.Refused(
                        400,
                        "client web: series limit reached: 2 series written, 2 new in this request, at most 3 allowed",
                        null),
                c.admit(new DecodeResult.Accepted(List.of(sample("up", "i", "3"), sample("up", "i", "4")))));
        assertEquals(
                Admission.ADMITTED,
                c.admit(new DecodeResult.Accepted(List.of(sample("up", "i", "1"), sample("up", "i", "3")))));
        assertEquals(
                400,
                ((Admission.Refused) c.admit(DecodeResult.Accepted.logs(
                                List.of(new LogRecord(Labels.of("app", "x"), 0, 0, "l", Map.of())))))
                        .status(),
                "a log stream counts too");
        assertEquals(Admission.ADMITTED, c.admit(samples("up", "i", "2")), "known series still flow at the cap");
    }

    private static DecodeResult.Accepted batch(int n) {
        return new DecodeResult.Accepted(
                IntStream.range(0, n).mapToObj(i -> sample("up")).toList());
    }

    private static DecodeResult.Accepted samples(String name, String... labels) {
        return new DecodeResult.Accepted(List.of(sample(name, labels)));
    }

    private static Sample sample(String name, String... labels) {
        return new Sample(name, Labels.of(labels), 1, 0, SampleKind.GAUGE);
    }
}
