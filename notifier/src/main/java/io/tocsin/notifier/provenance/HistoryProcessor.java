package io.tocsin.notifier.provenance;

import io.tocsin.ops.streams.CommitHook;
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
 * The read side, keyed by fingerprint like the provenance topic: appends each alert's events to
 * its {@link History}, and sweeps out histories whose events all aged out once an hour.
 *
 * <p>The history store (changelogged, so it moves with the partition) is written once per commit,
 * as the commit is prepared ({@link CommitHook}), with each history that changed since the last
 * one: an alert's events come a few records at a time (fired and routed, with notified when its one
 * group tells at once, then its deliveries), and a history encoded and written per record cost a quarter of the dispatch
 * thread under an emission burst. The transaction still holds exactly the histories that go with
 * its input offsets; the read API sees a history once the commit that carries it is prepared.
 */
final class HistoryProcessor implements Processor<String, AlertEvents, Void, Void> {
    static final Duration SWEEP = Duration.ofHours(1);

    /** Histories kept decoded, most recently written last; enough for the events of one alert to follow each other. */
    static final int RECENT = 4096;

    private final Clock clock;
    private final History.Bounds bounds;
    private KeyValueStore<String, History> store;
    /**
     * The last histories this processor wrote or will write, as written: reading the history back
     * decoded the whole of it per event. Only this processor writes the store (its task's
     * partition), so what it wrote last is what the store holds; each init starts empty.
     */
    private final Map<String, History> recent = new LinkedHashMap<>(RECENT * 4 / 3 + 1, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, History> eldest) {
            return size() > RECENT;
        }
    };
    /** Histories changed since the last commit, to write as it is prepared; null for one to delete. */
    private final Map<String, History> changed = new LinkedHashMap<>();

    HistoryProcessor(Clock clock, History.Bounds bounds) {
        this.clock = clock;
        this.bounds = bounds;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(ProvenanceTopology.HISTORY);
        // A task revived after a failure restores its store from the changelog: trust only that.
        // What was not written yet went with the aborted transaction, and its input is read again.
        recent.clear();
        changed.clear();
        CommitHook.register(context, ProvenanceTopology.HISTORY_COMMIT, this::writeChanged);
        context.schedule(SWEEP, PunctuationType.WALL_CLOCK_TIME, ignored -> sweep());
    }

    @Override
    public void process(Record<String, AlertEvents> record) {
        AlertEvents batch = record.value();
        if (batch == null || record.key() == null || !record.key().equals(batch.fingerprint())) {
            return;
        }
        String fp = batch.fingerprint();
        History h = current(fp);
        History next = h == null ? History.empty(fp) : h;
        Instant now = clock.instant();
        for (ProvenanceEvent e : batch.events()) {
            next = next.append(e, now, bounds);
        }
        if (next.events().isEmpty()) {
            recent.remove(fp);
            changed.put(fp, null);
        } else if (next != h) {
            // append returns the same history when the event changed nothing (a repeated mute
            // state, nothing aged out): comparing by identity spares a deep compare per event.
            changed.put(fp, next);
            recent.put(fp, next);
        }
    }

    /** The history as the store will hold it after the next commit, null if none. */
    private History current(String fp) {
        if (changed.containsKey(fp)) {
            return changed.get(fp);
        }
        History h = recent.get(fp);
        return h != null ? h : store.get(fp);
    }

    /** As a commit is prepared: each history changed since the last one, written (or deleted) once. */
    private void writeChanged() {
        changed.forEach((fp, h) -> {
            if (h == null) {
                store.delete(fp);
            } else {
                store.put(fp, h);
            }
        });
        changed.clear();
    }

    private void sweep() {
        writeChanged(); // the store then holds every history, as the sweep reads them
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

    @Override
    public void close() {
        recent.clear();
        changed.clear();
    }
}
