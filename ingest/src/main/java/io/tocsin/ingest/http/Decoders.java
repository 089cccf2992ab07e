package io.tocsin.ingest.http;

import io.tocsin.ingest.remotewrite.RemoteWriteDecoder;
import io.tocsin.ingest.samples.SampleDecoder;
import io.tocsin.ingest.samples.SampleLimits;
import java.time.Clock;

/** One pure decoder per wire format the verticle speaks. */
public record Decoders(SampleDecoder samples, RemoteWriteDecoder remoteWrite) {

    /** @param maxDecodedBytes the largest body after decompression */
    public static Decoders create(SampleLimits limits, int maxDecodedBytes, Clock clock) {
        return new Decoders(new SampleDecoder(limits, clock), new RemoteWriteDecoder(limits, maxDecodedBytes, clock));
    }
}
