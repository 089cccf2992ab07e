package io.tocsin.notifier.dispatch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * The global thread's consumer (silences, inhibiting alerts) polls at least {@link #AT_LEAST}
 * instead of poll.ms. Streams' global thread only polls, applies what came and checkpoints at
 * the commit interval; it has no timers. A poll returns as soon as records arrive, so a longer
 * one delays nothing it reads, while at poll.ms (10 ms, kept short for the stream thread's
 * timers) the idle global thread looped a hundred times a second: about 1 % of a core at rest
 * (issue 20, idle cost). What it can delay is a shutdown, by at most this much.
 */
final class GlobalPoll {
    static final Duration AT_LEAST = Duration.ofMillis(250);

    private GlobalPoll() {}

    @SuppressWarnings("unchecked")
    static Consumer<byte[], byte[]> atLeast(Consumer<byte[], byte[]> consumer, Duration least) {
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(
                Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                    Object[] actual = args;
                    if (method.getName().equals("poll")
                            && args != null
                            && args.length == 1
                            && args[0] instanceof Duration asked
                            && asked.compareTo(least) < 0) {
                        actual = new Object[] {least};
                    }
                    try {
                        return method.invoke(consumer, actual);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
