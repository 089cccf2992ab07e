package io.tocsin.notifier.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.notifier.route.Route;
import io.tocsin.notifier.route.RouteMatch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns alert state changes into notification decisions: routes each firing alert, asks
 * {@link Decision#decide} per receiver, remembers what each receiver was told, and tells every
 * receiver that heard "firing" about the resolve, whatever the routes say by then.
 */
final class DispatchProcessor implements Processor<String, Alert, String, LedgerEntry> {
    private static final Logger log = LoggerFactory.getLogger(DispatchProcessor.class);

    private final Route root;
    private final Clock clock;
    private final MeterRegistry registry;
    private ProcessorContext<String, LedgerEntry> context;
    private KeyValueStore<String, Sent> sent;

    DispatchProcessor(Route root, Clock clock, MeterRegistry registry) {
        this.root = root;
        this.clock = clock;
        this.registry = registry;
    }

    @Override
    public void init(ProcessorContext<String, LedgerEntry> context) {
        this.context = context;
        this.sent = context.getStateStore(NotifyTopology.STORE);
    }

    @Override
    public void process(Record<String, Alert> record) {
        Alert alert = record.value();
        if (alert == null) {
            skip(record, "no_value", "no value");
            return;
        }
        String fingerprint = alert.fingerprint();
        if (!fingerprint.equals(record.key())) {
            // The store is partitioned by fingerprint; a record keyed otherwise would be deduped
            // against the wrong partition's memory.
            skip(record, "bad_key", "key is not the alert's fingerprint " + fingerprint);
            return;
        }
        Instant now = clock.instant();
        switch (alert.state()) {
            case PENDING -> { }
            case FIRING -> firing(record, alert, fingerprint, now);
            case RESOLVED -> resolved(record, alert, fingerprint, now);
        }
    }

    private void firing(Record<String, Alert> record, Alert alert, String fingerprint, Instant now) {
        for (RouteMatch match : onePerReceiver(root.match(alert.labels()))) {
            String key = storeKey(fingerprint, match.receiver());
            Sent told = sent.get(key);
            Decision d = Decision.decide(alert.state(), alert.startsAt(), told, now, match.timing().repeatInterval());
            if (!d.notifies()) {
                log.debug("{} -> {}: {}", fingerprint, match.receiver(), d);
                continue;
            }
            int repeat = d == Decision.NOTIFY_REPEAT ? told.repeats() + 1 : 0;
            sent.put(key, new Sent(AlertState.FIRING, alert.startsAt(), now, match.groupKey(), repeat));
            emit(record, d, match.receiver(), match.groupKey(), alert, fingerprint, repeat, now);
        }
    }

    private void resolved(Record<String, Alert> record, Alert alert, String fingerprint, Instant now) {
        List<KeyValue<String, Sent>> told = new ArrayList<>();
        try (KeyValueIterator<String, Sent> it = sent.prefixScan(fingerprint + "/", Serdes.String().serializer())) {
            it.forEachRemaining(told::add);
        }
        for (KeyValue<String, Sent> entry : told) {
            String receiver = entry.key.substring(fingerprint.length() + 1);
            Decision d = Decision.decide(alert.state(), alert.startsAt(), entry.value, now, null);
            if (d.notifies()) {
                sent.delete(entry.key);
                emit(record, d, receiver, entry.value.groupKey(), alert, fingerprint, entry.value.repeats(), now);
            }
        }
    }

    private void emit(Record<String, Alert> record, Decision d, String receiver, String groupKey, Alert alert,
            String fingerprint, int repeat, Instant now) {
        String id = DecisionId.of(receiver, fingerprint, d.tells(), alert.startsAt(), repeat);
        LedgerEntry entry = LedgerEntry.decision(id, receiver, groupKey, d.tells(), List.of(alert), d.reason(), now);
        log.debug("{} -> {} {} in {}: {}", fingerprint, receiver, d, groupKey, d.reason());
        counter("tocsin.notifier.decisions", "receiver", receiver, "status", d.tells().wireName()).increment();
        context.forward(new Record<>(entry.key(), entry, record.timestamp()));
    }

    /**
     * The store remembers per receiver, so an alert reaching one receiver through two routes is
     * sent once, in the group of the first route that matched.
     */
    private static List<RouteMatch> onePerReceiver(List<RouteMatch> matches) {
        Map<String, RouteMatch> first = new LinkedHashMap<>();
        matches.forEach(m -> first.putIfAbsent(m.receiver(), m));
        return List.copyOf(first.values());
    }

    static String storeKey(String fingerprint, String receiver) {
        return fingerprint + "/" + receiver;
    }

    /** Bad input is data: say where it was, count it, and carry on. */
    private void skip(Record<String, Alert> record, String reason, String why) {
        RecordMetadata at = context.recordMetadata().orElse(null);
        log.warn("skipping alert record {}-{}@{}: {}", at == null ? "?" : at.topic(),
                at == null ? -1 : at.partition(), at == null ? -1 : at.offset(), why);
        counter("tocsin.notifier.dispatch.skipped", "reason", reason).increment();
    }

    private Counter counter(String name, String... tags) {
        return registry.counter(name, tags);
    }
}
