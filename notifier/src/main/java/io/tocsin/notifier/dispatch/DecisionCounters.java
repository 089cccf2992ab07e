package io.tocsin.notifier.dispatch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.wire.AlertState;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code tocsin.notifier.decisions} counter of each receiver and status, looked up in the
 * registry once: {@code registry.counter(name, tags...)} builds the tags and an id on every call,
 * once per decision on the dispatch stream thread. One per processor, used by its thread only.
 */
final class DecisionCounters {
    private final MeterRegistry registry;
    private final Map<String, Counter[]> byReceiver = new HashMap<>();

    DecisionCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    Counter of(String receiver, AlertState status) {
        Counter[] counters = byReceiver.computeIfAbsent(receiver, r -> new Counter[AlertState.values().length]);
        Counter c = counters[status.ordinal()];
        if (c == null) {
            c = registry.counter("tocsin.notifier.decisions", "receiver", receiver, "status", status.wireName());
            counters[status.ordinal()] = c;
        }
        return c;
    }
}
