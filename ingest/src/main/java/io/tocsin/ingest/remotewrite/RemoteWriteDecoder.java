package io.tocsin.ingest.remotewrite;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.remotewrite.proto.Remote.WriteRequest;
import io.tocsin.ingest.remotewrite.proto.Types.Label;
import io.tocsin.ingest.remotewrite.proto.Types.MetricMetadata;
import io.tocsin.ingest.remotewrite.proto.Types.TimeSeries;
import io.tocsin.ingest.samples.DecodeResult;
import io.tocsin.ingest.samples.SampleLimits;
import io.tocsin.ingest.samples.SeriesRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a Prometheus remote-write 1.0 body (snappy block of a protobuf WriteRequest) into
 * samples, all or nothing. Pure: no I/O, time from the injected clock.
 *
 * <p>Values that are not numbers are dropped, not refused: the stale marker (a NaN Prometheus
 * writes when a series disappears) and NaN/±Inf results of recording rules are routine, and a
 * 400 would make Prometheus throw the whole batch away. Everything else that is wrong refuses
 * the batch with the series and field named: Prometheus does not retry a 400, so the reason must
 * be enough to fix the sender.
 */
public final class RemoteWriteDecoder {
    private static final String NAME_LABEL = "__name__";

    private final SampleLimits limits;
    private final int maxDecodedBytes;
    private final Clock clock;

    /** @param maxDecodedBytes the largest uncompressed WriteRequest accepted: a guard against snappy bombs */
    public RemoteWriteDecoder(SampleLimits limits, int maxDecodedBytes, Clock clock) {
        this.limits = limits;
        this.maxDecodedBytes = maxDecodedBytes;
        this.clock = clock;
    }

    public DecodeResult decode(RemoteWriteHeaders headers, byte[] body) {
        String headerProblem = headers.problem();
        if (headerProblem != null) {
            return new DecodeResult.Rejected(headerProblem, 415);
        }
        byte[] raw;
        try {
            raw = SnappyBlock.uncompress(body, maxDecodedBytes);
        } catch (SnappyBlock.BadBlock e) {
            return new DecodeResult.Rejected("body: " + e.getMessage());
        }
        WriteRequest request;
        try {
            request = WriteRequest.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            return new DecodeResult.Rejected("body: not a protobuf WriteRequest (" + e.getMessage() + ")");
        }
        try {
            return new DecodeResult.Accepted(samples(request));
        } catch (InvalidSeries e) {
            return new DecodeResult.Rejected(e.getMessage());
        }
    }

    private List<Sample> samples(WriteRequest request) {
        long nowMs = clock.millis();
        Map<String, MetricMetadata.MetricType> metadata = new HashMap<>();
        for (MetricMetadata m : request.getMetadataList()) {
            metadata.put(m.getMetricFamilyName(), m.getType());
        }
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < request.getTimeseriesCount(); i++) {
            TimeSeries series = request.getTimeseries(i);
            TreeMap<String, String> labels = labels(i, series);
            String name = labels.remove(NAME_LABEL);
            Labels rest = Labels.of(labels);
            SampleKind kind = MetricKinds.of(name, rest, metadata);
            for (int j = 0; j < series.getSamplesCount(); j++) {
                var sample = series.getSamples(j);
                if (!Double.isFinite(sample.getValue())) {
                    continue;
                }
                long ts = sample.getTimestamp();
                String problem = SeriesRules.timestampProblem(ts, nowMs, limits, " (Unix milliseconds)");
                if (problem != null) {
                    throw new InvalidSeries(path(i) + " " + name + ".samples[" + j + "].timestamp", problem);
                }
                out.add(new Sample(name, rest, sample.getValue(), ts, kind));
            }
        }
        return out;
    }

    /** Paths are only spelled out for a refusal: quoting every label of every series costs more than decoding it. */
    private TreeMap<String, String> labels(int i, TimeSeries series) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (int k = 0; k < series.getLabelsCount(); k++) {
            Label label = series.getLabels(k);
            String name = label.getName();
            if (!NAME_LABEL.equals(name)) {
                checkLabel(i, k, name, SeriesRules.labelNameProblem(name));
            }
            if (label.getValue().isEmpty()) {
                continue; // Prometheus' own meaning of an empty value: the label is absent
            }
            if (!NAME_LABEL.equals(name)) {
                checkLabel(i, k, name, SeriesRules.labelValueProblem(label.getValue(), limits));
            }
            if (labels.put(name, label.getValue()) != null) {
                checkLabel(i, k, name, "label name given twice");
            }
        }
        String name = labels.get(NAME_LABEL);
        if (name == null) {
            throw new InvalidSeries(path(i) + ".labels", "no __name__ label: every series needs a metric name");
        }
        check(i, ".labels[__name__]", SeriesRules.metricNameProblem(name));
        check(i, ".labels", SeriesRules.labelCountProblem(labels.size() - 1, limits));
        return labels;
    }

    private static String path(int series) {
        return "timeseries[" + series + "]";
    }

    private static void checkLabel(int series, int label, String name, String problem) {
        if (problem != null) {
            throw new InvalidSeries(path(series) + ".labels[" + label + "] " + SeriesRules.quote(name), problem);
        }
    }

    private static void check(int series, String field, String problem) {
        if (problem != null) {
            throw new InvalidSeries(path(series) + field, problem);
        }
    }

    /** Abandons the request at the first bad field; never escapes the decoder. */
    private static final class InvalidSeries extends RuntimeException {
        InvalidSeries(String path, String problem) {
            super(path + ": " + problem, null, false, false);
        }
    }
}
