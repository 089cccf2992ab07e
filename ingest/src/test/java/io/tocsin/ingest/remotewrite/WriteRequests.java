package io.tocsin.ingest.remotewrite;

import io.tocsin.ingest.remotewrite.proto.Remote.WriteRequest;
import io.tocsin.ingest.remotewrite.proto.Types.Label;
import io.tocsin.ingest.remotewrite.proto.Types.MetricMetadata;
import io.tocsin.ingest.remotewrite.proto.Types.Sample;
import io.tocsin.ingest.remotewrite.proto.Types.TimeSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.xerial.snappy.Snappy;

/** Real WriteRequests, built from the standard schema and snappy-compressed as Prometheus sends them. */
public final class WriteRequests {
    /** Prometheus' stale marker: a NaN with this exact bit pattern. */
    public static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    private WriteRequests() {}

    /** A series from alternating label names and values, then one sample. */
    public static TimeSeries series(double value, long timestampMs, String... labels) {
        TimeSeries.Builder b = TimeSeries.newBuilder();
        for (int i = 0; i < labels.length; i += 2) {
            b.addLabels(Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
        }
        return b.addSamples(Sample.newBuilder().setValue(value).setTimestamp(timestampMs))
                .build();
    }

    public static WriteRequest request(TimeSeries... series) {
        WriteRequest.Builder b = WriteRequest.newBuilder();
        for (TimeSeries s : series) {
            b.addTimeseries(s);
        }
        return b.build();
    }

    public static MetricMetadata metadata(String family, MetricMetadata.MetricType type) {
        return MetricMetadata.newBuilder()
                .setMetricFamilyName(family)
                .setType(type)
                .build();
    }

    public static byte[] snappy(WriteRequest request) {
        try {
            return Snappy.compress(request.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
