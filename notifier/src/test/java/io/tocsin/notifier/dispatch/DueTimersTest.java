package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The timers in memory are pairs, not keys: they must come out in the order of the store's keys. */
class DueTimersTest {
    private static KeyValueStore<String, String> store() {
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore("due"), Serdes.String(), Serdes.String())
                .withLoggingDisabled()
                .build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static final List<String> IDS = List.of(
            "none/{}:{alertname=\"a\"}",
            "none/{}:{alertname=\"b\"}",
            "hook/{}/{phase=\"own\"}:{instance=\"i-1\"}",
            "hook/{}/{phase=\"own\"}:{instance=\"i-10\"}",
            "hook/{}/{phase=\"own\"}:{instance=\"i-2\"}",
            "Ünï/{}:{}",
            "a");
    private static final List<Long> TIMES = List.of(0L, 999L, 1_000L, 1_001L, 1_765_000_000_000L, 1_765_000_000_001L);

    @Test
    void timersComeOutInTheOrderOfTheirKeysAndOnlyUpToTheirTime() {
        DueTimers timers = new DueTimers(store());
        TreeMap<String, String> expected = new TreeMap<>();
        List<KeyValue<String, String>> puts = new ArrayList<>();
        for (long t : TIMES) {
            for (String id : IDS) {
                puts.add(KeyValue.pair(DueIndex.key(Instant.ofEpochMilli(t), id), id));
            }
        }
        Collections.shuffle(puts, new Random(7));
        for (KeyValue<String, String> kv : puts) {
            timers.put(kv.key, kv.value);
            expected.put(kv.key, kv.value);
        }
        // Some are taken down again, as a group whose due time moved.
        for (int i = 0; i < puts.size(); i += 3) {
            timers.delete(puts.get(i).key);
            expected.remove(puts.get(i).key);
        }
        assertEquals(DueIndex.millis(expected.firstKey()), timers.firstDueMillis());
        for (long now : List.of(-5L, 0L, 998L, 1_000L, 1_001L, 1_765_000_000_000L, Long.MAX_VALUE / 2)) {
            List<KeyValue<String, String>> want = new ArrayList<>();
            expected.headMap(DueIndex.upTo(Instant.ofEpochMilli(now)), true)
                    .forEach((k, v) -> want.add(KeyValue.pair(k, v)));
            assertEquals(want, timers.upTo(now, Integer.MAX_VALUE), "up to " + now);
            assertEquals(want.subList(0, Math.min(3, want.size())), timers.upTo(now, 3), "3 up to " + now);
        }
    }

    @Test
    void whatTheStoreHoldsIsReadBackInTheSameOrder() {
        KeyValueStore<String, String> store = store();
        DueTimers timers = new DueTimers(store);
        TreeMap<String, String> expected = new TreeMap<>();
        for (int i = 0; i < IDS.size(); i++) {
            String key = DueIndex.key(Instant.ofEpochMilli(TIMES.get(i % TIMES.size())), IDS.get(i));
            timers.put(key, IDS.get(i));
            expected.put(key, IDS.get(i));
        }
        timers.writeChanged();
        DueTimers again = new DueTimers(store);
        List<KeyValue<String, String>> want = new ArrayList<>();
        expected.forEach((k, v) -> want.add(KeyValue.pair(k, v)));
        assertEquals(want, again.upTo(Long.MAX_VALUE / 2, Integer.MAX_VALUE));
    }
}
