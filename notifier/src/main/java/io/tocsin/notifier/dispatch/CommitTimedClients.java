package io.tocsin.notifier.dispatch;

import io.tocsin.notifier.delivery.Handoff;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;

/**
 * The dispatch's Kafka clients, Streams' own, with four additions. The global thread's consumer
 * polls longer than poll.ms ({@link GlobalPoll}). The stream thread's consumer polls no longer
 * than until the thread's next timer ({@link PollDeadline}), and tells the thread's {@link
 * CommitPacer} whether a poll brought records (more work coming, or none). And the stream thread's producer
 * tells the thread's {@link CommitPacer} when a transaction has committed. Streams tells a
 * processor when a commit is being prepared (the pre-commit hook) but not when it is over, and
 * the pacer needs both: how long a commit costs, and whether the thread went straight back to
 * work after it (a backlog) or found nothing to do. Under exactly-once v2 the thread commits its
 * tasks through this one producer, on the thread itself. And what a committed transaction wrote
 * to the ledger topic is handed to this process's delivery worker ({@link Handoff}).
 *
 * <p>Extends Streams' internal default supplier (Kafka Streams 4.3, pinned), so the clients are
 * created exactly as without it.
 */
public final class CommitTimedClients extends DefaultKafkaClientSupplier {
    private final Handoff handoff;

    public CommitTimedClients(Handoff handoff) {
        this.handoff = handoff;
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        Producer<byte[], byte[]> producer = super.getProducer(config);
        SinkMetadata.fetch(producer);
        return timed(producer, new CommittedSends(handoff));
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
    static Producer<byte[], byte[]> timed(Producer<byte[], byte[]> producer, CommittedSends sends) {
        return (Producer<byte[], byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("send") && args.length == 2) {
                        args = new Object[] {args[0], sends.onSend((ProducerRecord<?, ?>) args[0], (Callback) args[1])};
                    } else if (name.equals("beginTransaction") || name.equals("abortTransaction")) {
                        sends.dropped();
                    }
                    Object result;
                    try {
                        result = method.invoke(producer, args);
                    } catch (InvocationTargetException e) {
                        if (name.equals("commitTransaction")) {
                            sends.dropped();
                        }
                        throw e.getCause();
                    }
                    if (name.equals("commitTransaction")) {
                        sends.committed();
                        CommitPacer.ofThisThread().ended();
                    }
                    return result;
                });
    }
}
