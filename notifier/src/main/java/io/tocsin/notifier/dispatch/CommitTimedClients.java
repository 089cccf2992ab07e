package io.tocsin.notifier.dispatch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;

/**
 * The dispatch's Kafka clients, Streams' own, with three additions. The global thread's consumer
 * polls longer than poll.ms ({@link GlobalPoll}). The stream thread's consumer polls no longer
 * than until the thread's next timer ({@link PollDeadline}), and tells the thread's {@link
 * CommitPacer} whether a poll brought records (more work coming, or none). And the stream thread's producer
 * tells the thread's {@link CommitPacer} when a transaction has committed. Streams tells a
 * processor when a commit is being prepared (the pre-commit hook) but not when it is over, and
 * the pacer needs both: how long a commit costs, and whether the thread went straight back to
 * work after it (a backlog) or found nothing to do. Under exactly-once v2 the thread commits its
 * tasks through this one producer, on the thread itself.
 *
 * <p>Extends Streams' internal default supplier (Kafka Streams 4.3, pinned), so the clients are
 * created exactly as without it.
 */
public final class CommitTimedClients extends DefaultKafkaClientSupplier {
    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        Producer<byte[], byte[]> producer = super.getProducer(config);
        SinkMetadata.fetch(producer);
        return timed(producer);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return PollDeadline.cut(
                super.getConsumer(config), count -> CommitPacer.ofThisThread().polled(count));
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return GlobalPoll.atLeast(super.getGlobalConsumer(config), GlobalPoll.AT_LEAST);
    }

    @SuppressWarnings("unchecked")
    static Producer<byte[], byte[]> timed(Producer<byte[], byte[]> producer) {
        return (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(producer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("commitTransaction")) {
                        CommitPacer.ofThisThread().ended();
                    }
                    return result;
                });
    }
}
