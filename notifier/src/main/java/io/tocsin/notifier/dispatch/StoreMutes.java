package io.tocsin.notifier.dispatch;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.inhibit.InhibitRule;
import io.tocsin.notifier.inhibit.Inhibition;
import io.tocsin.notifier.silence.Silence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Silences and inhibitions as the group processor sees them: both global stores, so every
 * instance knows every silence and every inhibiting alert whatever partitions it owns.
 */
final class StoreMutes implements GroupProcessor.Mutes {
    /** Read at each flush: a config reload changes them from the next one. */
    private final Supplier<List<InhibitRule>> rules;

    private TimestampedKeyValueStore<String, Silence> silences;
    private TimestampedKeyValueStore<String, Alert> inhibiting;

    StoreMutes(Supplier<List<InhibitRule>> rules) {
        this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<?, ?> context) {
        silences = context.getStateStore(NotifyTopology.SILENCES);
        inhibiting = context.getStateStore(NotifyTopology.INHIBITING);
    }

    @Override
    public Predicate<Alert> at(Instant now) {
        List<InhibitRule> rules = this.rules.get();
        List<List<Matcher>> active = new ArrayList<>();
        try (KeyValueIterator<String, ValueAndTimestamp<Silence>> it = silences.all()) {
            it.forEachRemaining(kv -> {
                Silence s = kv.value == null ? null : kv.value.value();
                if (s != null && s.state(now) == Silence.State.ACTIVE) {
                    active.add(s.compiled());
                }
            });
        }
        List<Alert> sources = new ArrayList<>();
        if (!rules.isEmpty()) {
            try (KeyValueIterator<String, ValueAndTimestamp<Alert>> it = inhibiting.all()) {
                it.forEachRemaining(kv -> {
                    if (kv.value != null && kv.value.value() != null) {
                        sources.add(kv.value.value());
                    }
                });
            }
        }
        return a -> active.stream().anyMatch(ms -> ms.stream().allMatch(m -> m.matches(a.labels())))
                || Inhibition.inhibited(rules, a, sources, now);
    }
}
