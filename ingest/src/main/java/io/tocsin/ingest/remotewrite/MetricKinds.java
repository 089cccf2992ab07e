package io.tocsin.ingest.remotewrite;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.ingest.remotewrite.proto.Types.MetricMetadata;
import java.util.Map;

/**
 * What a remote-written sample's value means. Remote-write 1.0 carries no type per series
 * (Prometheus sends metadata in separate requests, if at all), so the kind comes from metadata
 * in the same request when there is some, else from Prometheus' naming conventions: counters end
 * in _total, histogram buckets are _bucket with an le label, summaries carry quantile, and a
 * histogram's or summary's _count and _sum only ever grow. Anything else is a gauge.
 */
final class MetricKinds {
    private MetricKinds() {}

    static SampleKind of(String name, Labels labels, Map<String, MetricMetadata.MetricType> metadata) {
        // Text-format metadata names the series (x_total), OpenMetrics the family (x).
        MetricMetadata.MetricType declared = metadata.getOrDefault(name, metadata.get(family(name)));
        if (declared != null) {
            SampleKind kind = fromMetadata(declared, name, labels);
            if (kind != null) {
                return kind;
            }
        }
        return fromName(name, labels);
    }

    static SampleKind fromName(String name, Labels labels) {
        if (name.endsWith("_bucket") && labels.get("le") != null) {
            return SampleKind.HISTOGRAM_BUCKET;
        }
        if (labels.get("quantile") != null) {
            return SampleKind.SUMMARY_QUANTILE;
        }
        if (name.endsWith("_total") || name.endsWith("_count") || name.endsWith("_sum")) {
            return SampleKind.COUNTER;
        }
        return SampleKind.GAUGE;
    }

    private static SampleKind fromMetadata(MetricMetadata.MetricType type, String name, Labels labels) {
        return switch (type) {
            case COUNTER -> SampleKind.COUNTER;
            case GAUGE -> SampleKind.GAUGE;
            case HISTOGRAM, GAUGEHISTOGRAM, SUMMARY -> fromName(name, labels);
            case INFO, STATESET -> SampleKind.GAUGE;
            case UNKNOWN, UNRECOGNIZED -> null;
        };
    }

    /** A histogram's series share its family name: http_duration_seconds_bucket → http_duration_seconds. */
    private static String family(String name) {
        for (String suffix : new String[] {"_bucket", "_count", "_sum", "_total"}) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
