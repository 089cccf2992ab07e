package io.tocsin.ingest.heartbeat;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.SampleLimits;
import io.tocsin.ingest.samples.SeriesRules;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST|GET /v1/heartbeat/{name}?label=value}: a cron job, backup script or worker says
 * "I ran". It becomes one sample {@code tocsin_heartbeat_timestamp_seconds{heartbeat="<name>", ...}}
 * whose value is the time of the ping in Unix seconds: an absence rule fires when the series
 * stops, and {@code time() - value} is the age of the last run. Query parameters are extra
 * labels (say {@code ?env=prod}); {@code ?status=fail} reports a failed run as a label. Pure.
 */
public final class HeartbeatDecoder {
    public static final String METRIC = "tocsin_heartbeat_timestamp_seconds";

    private final SampleLimits limits;
    private final Clock clock;

    public HeartbeatDecoder(SampleLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** @param query the request's query parameters, each given once */
    public DecodeResult decode(String name, Map<String, String> query) {
        String problem = SeriesRules.labelValueProblem(name == null ? "" : name, limits);
        if (problem != null) {
            return new DecodeResult.Rejected("heartbeat name: " + problem);
        }
        TreeMap<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, String> q : query.entrySet()) {
            String where = "query parameter " + SeriesRules.quote(q.getKey());
            String bad = SeriesRules.labelNameProblem(q.getKey());
            if (bad == null) {
                bad = SeriesRules.labelValueProblem(q.getValue(), limits);
            }
            if (bad == null && q.getKey().equals("heartbeat")) {
                bad = "the heartbeat label is the name in the path";
            }
            if (bad != null) {
                return new DecodeResult.Rejected(where + ": " + bad);
            }
            labels.put(q.getKey(), q.getValue());
        }
        labels.put("heartbeat", name);
        String count = SeriesRules.labelCountProblem(labels.size(), limits);
        if (count != null) {
            return new DecodeResult.Rejected("labels: " + count);
        }
        long now = clock.millis();
        return new DecodeResult.Accepted(
                List.of(new Sample(METRIC, Labels.of(labels), now / 1000.0, now, SampleKind.GAUGE)));
    }
}
