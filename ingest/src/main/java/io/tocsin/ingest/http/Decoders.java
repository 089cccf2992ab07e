package io.tocsin.ingest.http;

import io.tocsin.ingest.logs.LogDecoder;
import io.tocsin.ingest.logs.LogLimits;
import io.tocsin.ingest.logs.LokiPushDecoder;
import io.tocsin.ingest.remotewrite.RemoteWriteDecoder;
import io.tocsin.ingest.samples.SampleDecoder;
import io.tocsin.ingest.samples.SampleLimits;
import java.time.Clock;

/** One pure decoder per wire format the verticle speaks. */
public record Decoders(SampleDecoder samples, RemoteWriteDecoder remoteWrite, LogDecoder logs, LokiPushDecoder loki) {

    /** @param maxDecodedBytes the largest body after decompression */
    public static Decoders create(SampleLimits limits, int maxDecodedBytes, Clock clock) {
        LogLimits logLimits = LogLimits.of(limits);
        return new Decoders(new SampleDecoder(limits, clock), new RemoteWriteDecoder(limits, maxDecodedBytes, clock),
                new LogDecoder(logLimits, clock), new LokiPushDecoder(logLimits, maxDecodedBytes, clock));
    }
}
