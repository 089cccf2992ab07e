package io.tocsin.notifier.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GlobalPollTest {
    /** What the wrapped consumer was asked: method name and its first argument. */
    private final List<String> asked = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private final Consumer<byte[], byte[]> recorder = (Consumer<byte[], byte[]>) Proxy.newProxyInstance(
            Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                asked.add(method.getName() + " " + (args == null ? "" : args[0]));
                return method.getName().equals("poll") ? ConsumerRecords.empty() : null;
            });

    private final Consumer<byte[], byte[]> global = GlobalPoll.atLeast(recorder, Duration.ofMillis(250));

    @Test
    void aPollShorterThanTheFloorWaitsTheFloor() {
        global.poll(Duration.ofMillis(10));

        assertEquals(List.of("poll PT0.25S"), asked);
    }

    @Test
    void aLongerPollIsKept() {
        global.poll(Duration.ofSeconds(2));

        assertEquals(List.of("poll PT2S"), asked);
    }

    @Test
    void everythingElsePassesThrough() {
        TopicPartition silences = new TopicPartition("tocsin.silences.v1", 0);
        global.assign(Set.of(silences));
        global.seek(silences, 42);

        assertEquals(List.of("assign [" + silences + "]", "seek " + silences), asked);
    }
}
