package io.tocsin.notifier.dispatch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * A consumer whose {@code poll(Duration)} blocks for the time {@code timeout} makes of the one
 * Streams asks; everything else passes through. Streams has no setting per thread for how long a
 * poll may block, so the dispatch's clients ({@link CommitTimedClients}) change it here.
 */
final class PolledAs {
    private PolledAs() {}

    static Consumer<byte[], byte[]> wrap(Consumer<byte[], byte[]> consumer, UnaryOperator<Duration> timeout) {
        return wrap(consumer, timeout, count -> {});
    }

    /** ... and tells {@code polled} how many records each such poll returned. */
    @SuppressWarnings("unchecked")
    static Consumer<byte[], byte[]> wrap(
            Consumer<byte[], byte[]> consumer, UnaryOperator<Duration> timeout, IntConsumer polled) {
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(
                Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                    Object[] actual = args;
                    boolean poll = method.getName().equals("poll")
                            && args != null
                            && args.length == 1
                            && args[0] instanceof Duration;
                    if (poll) {
                        actual = new Object[] {timeout.apply((Duration) args[0])};
                    }
                    Object result;
                    try {
                        result = method.invoke(consumer, actual);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (poll && result instanceof ConsumerRecords<?, ?> records) {
                        polled.accept(records.count());
                    }
                    return result;
                });
    }
}
