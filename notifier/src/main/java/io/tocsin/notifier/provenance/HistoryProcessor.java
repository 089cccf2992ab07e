package io.tocsin.notifier.provenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The read side, keyed by fingerprint like the provenance topic: appends each event to its
 * alert's {@link History} in the history store (changelogged, so it moves with the partition),
 * and sweeps out histories whose events all aged out once an hour.
 */
final class HistoryProcessor implements Processor<String, ProvenanceEvent, Void, Void> {
    static final Duration SWEEP = Duration.ofHours(1);

    private final Clock clock;
    private final History.Bounds bounds;
    private KeyValueStore<String, History> store;

    HistoryProcessor(Clock clock, History.Bounds bounds) {
        this.clock = clock;
        this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(ProvenanceTopology.HISTORY);
        context.schedule(SWEEP, PunctuationType.WALL_CLOCK_TIME, ignored -> sweep());
    }

    @Override
    public void process(Record<String, ProvenanceEvent> record) {
        ProvenanceEvent e = record.value();
        if (e == null || record.key() == null || !record.key().equals(e.fingerprint())) {
            return;
        }
        History h = store.get(e.fingerprint());
        History next = (h == null ? History.empty(e.fingerprint()) : h).append(e, clock.instant(), bounds);
        if (next.events().isEmpty()) {
            store.delete(e.fingerprint());
        } else if (next != h) {
            // append returns the same history when the event changed nothing (a repeated mute
            // state, nothing aged out): comparing by identity spares a deep compare per event.
            store.put(e.fingerprint(), next);
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, History> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value == null || kv.value.trimmed(now, bounds).events().isEmpty()) {
                    gone.add(kv.key);
                }
            });
        }
        gone.forEach(store::delete);
    }
}
