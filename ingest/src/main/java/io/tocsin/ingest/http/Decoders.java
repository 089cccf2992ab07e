package io.tocsin.ingest.http;

import io.tocsin.ingest.events.EventDecoder;
import io.tocsin.ingest.heartbeat.HeartbeatDecoder;
import io.tocsin.ingest.logs.LogDecoder;
import io.tocsin.ingest.logs.LogLimits;
import io.tocsin.ingest.logs.LokiPushDecoder;
import io.tocsin.ingest.remotewrite.RemoteWriteDecoder;
import io.tocsin.ingest.samples.SampleDecoder;
import io.tocsin.ingest.samples.SampleLimits;
import io.tocsin.ingest.webhook.WebhookDecoder;
import io.tocsin.ingest.webhook.WebhookMapping;
import java.time.Clock;
import java.util.Map;

/** One pure decoder per wire format the verticle speaks. */
public record Decoders(
        SampleDecoder samples,
        RemoteWriteDecoder remoteWrite,
        LogDecoder logs,
        LokiPushDecoder loki,
        EventDecoder events,
        HeartbeatDecoder heartbeats,
        WebhookDecoder webhooks) {

    /** @param maxDecodedBytes the largest body after decompression */
    public static Decoders create(SampleLimits limits, int maxDecodedBytes, Clock clock) {
        return create(limits, maxDecodedBytes, Map.of(), clock);
    }

    /** @param webhooks the mapping of each webhook source */
    public static Decoders create(
            SampleLimits limits, int maxDecodedBytes, Map<String, WebhookMapping> webhooks, Clock clock) {
        LogLimits logLimits = LogLimits.of(limits);
        return new Decoders(
                new SampleDecoder(limits, clock),
                new RemoteWriteDecoder(limits, maxDecodedBytes, clock),
                new LogDecoder(logLimits, clock),
                new LokiPushDecoder(logLimits, maxDecodedBytes, clock),
                new EventDecoder(limits, clock),
                new HeartbeatDecoder(limits, clock),
                new WebhookDecoder(webhooks, limits, clock));
    }
}
