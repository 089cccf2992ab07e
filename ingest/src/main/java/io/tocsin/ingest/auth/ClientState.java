package io.tocsin.ingest.auth;

import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.Sample;
import io.tocsin.ingest.samples.DecodeResult;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * A known client's rate bucket and the series it has written. One decision per batch, whole:
 * labels first (403, retrying cannot help), then the series cap (400: like Mimir's per-tenant
 * series limit, a sender must not retry it), then the rate (429 with the wait until the bucket
 * holds enough). A refused batch spends nothing and registers no series.
 */
public final class ClientState {
    private final Client client;
    private final Clock clock;
    private final TokenBucket bucket;
    private final Set<Long> series = new HashSet<>();

    ClientState(Client client, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.bucket = new TokenBucket(client.rate(), nanos(clock));
    }

    public String name() {
        return client.name();
    }

    public synchronized Admission admit(DecodeResult.Accepted batch) {
        String who = "client " + client.name() + ": ";
        for (int i = 0; i < batch.samples().size(); i++) {
            Sample s = batch.samples().get(i);
            String problem = client.labels().problem(s.name(), s.labels());
            if (problem != null) {
                return new Admission.Refused(403, who + "sample " + i + " (" + s.name() + "): " + problem, null);
            }
        }
        for (int i = 0; i < batch.logs().size(); i++) {
            String problem = client.labels().problem(null, batch.logs().get(i).labels());
            if (problem != null) {
                return new Admission.Refused(403, who + "log " + i + ": " + problem, null);
            }
        }
        if (batch.size() > client.rate().burst()) {
            return new Admission.Refused(
                    413,
                    who + "batch of " + batch.size() + " records is larger than its burst of "
                            + (long) client.rate().burst() + "; split it",
                    null);
        }
        Set<Long> fresh = newSeries(batch);
        if (client.maxSeries() > 0 && series.size() + fresh.size() > client.maxSeries()) {
            return new Admission.Refused(
                    400,
                    who + "series limit reached: " + series.size() + " series written, " + fresh.size()
                            + " new in this request, at most " + client.maxSeries() + " allowed",
                    null);
        }
        long waitMs = bucket.take(batch.size(), nanos(clock));
        if (waitMs > 0) {
            int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (waitMs + 999) / 1000));
            return new Admission.Refused(
                    429,
                    who + "rate limit of " + client.rate().perSecond() + " records/s exceeded; retry in " + seconds
                            + " s",
                    seconds);
        }
        if (client.maxSeries() > 0) {
            series.addAll(fresh);
        }
        return Admission.ADMITTED;
    }

    private static long nanos(Clock clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private Set<Long> newSeries(DecodeResult.Accepted batch) {
        if (client.maxSeries() == 0) {
            return Set.of();
        }
        Set<Long> fresh = new HashSet<>();
        for (Sample s : batch.samples()) {
            long h = SeriesHash.of("s", s.seriesId());
            if (!series.contains(h)) {
                fresh.add(h);
            }
        }
        for (LogRecord l : batch.logs()) {
            long h = SeriesHash.of("l", l.streamId());
            if (!series.contains(h)) {
                fresh.add(h);
            }
        }
        return fresh;
    }
}
