package io.tocsin.notifier.provenance;

import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which notifier instance holds an alert's history: Streams knows the active owner of the
 * fingerprint's partition of the history store, and each instance advertises its API as
 * application.server. Null means this instance (or no other one is known: answer locally).
 */
public final class HistoryOwners {
    private final Supplier<KafkaStreams> streams;
    private final HostInfo self;

    /** @param port this instance's API port; 0 (tests, no advertised API) means always local */
    public HistoryOwners(Supplier<KafkaStreams> streams, String host, int port) {
        this.streams = streams;
        this.self = port == 0 ? null : new HostInfo(host, port);
    }

    /** The base URL of the instance that holds this fingerprint's history, or null for this one. */
    public String ownerUrl(String fingerprint) {
        KafkaStreams s = streams.get();
        if (s == null || self == null) {
            return null;
        }
        KeyQueryMetadata m = s.queryMetadataForKey(ProvenanceTopology.HISTORY, fingerprint, new StringSerializer());
        if (m == null || m.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return null;
        }
        HostInfo h = m.activeHost();
        if (h == null || h.port() <= 0 || h.equals(self)) {
            return null;
        }
        return "http://" + h.host() + ":" + h.port();
    }
}
