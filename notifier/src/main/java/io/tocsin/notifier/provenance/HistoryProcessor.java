package io.tocsin.notifier.provenance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Histories kept decoded, most recently written last; enough for the events of one alert to follow each other. */
    static final int RECENT = 4096;

    private final Clock clock;
    private final History.Bounds bounds;
    private KeyValueStore<String, History> store;
    /**
     * The last histories this processor wrote, as written: an alert's events come a few at a
     * time (fired and routed, then notified, then its deliveries), and reading the history back
     * decoded the whole of it per event. Only this processor writes the store (its task's
     * partition), so what it wrote last is what the store holds; each init starts empty.
     */
    private final Map<String, History> recent = new LinkedHashMap<>(RECENT * 4 / 3 + 1, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, History> eldest) {
            return size() > RECENT;
        }
    };

    HistoryProcessor(Clock clock, History.Bounds bounds) {
        this.clock = clock;
        this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(ProvenanceTopology.HISTORY);
        // A task revived after a failure restores its store from the changelog: trust only that.
        recent.clear();
        context.schedule(SWEEP, PunctuationType.WALL_CLOCK_TIME, ignored -> sweep());
    }

    @Override
    public void process(Record<String, ProvenanceEvent> record) {
        ProvenanceEvent e = record.value();
        if (e == null || record.key() == null || !record.key().equals(e.fingerprint())) {
            return;
        }
        History h = recent.get(e.fingerprint());
        if (h == null) {
            h = store.get(e.fingerprint());
        }
        History next = (h == null ? History.empty(e.fingerprint()) : h).append(e, clock.instant(), bounds);
        if (next.events().isEmpty()) {
            recent.remove(e.fingerprint());
            store.delete(e.fingerprint());
        } else if (next != h) {
            // append returns the same history when the event changed nothing (a repeated mute
            // state, nothing aged out): comparing by identity spares a deep compare per event.
            store.put(e.fingerprint(), next);
            recent.put(e.fingerprint(), next);
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
        gone.forEach(fp -> {
            recent.remove(fp);
            store.delete(fp);
        });
    }
}
