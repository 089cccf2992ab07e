package io.tocsin.ingest.collect;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.ingest.sink.KafkaSink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the lag of consumer groups ({@link ConsumerLag}) on each {@link KafkaLagTarget}'s
 * interval, with an Admin client on a worker thread (its calls block), and writes the samples
 * through the shared sink. A failed poll is logged once per change of problem and skipped: no
 * sample means "no data", which absence rules can watch.
 */
public final class KafkaLagCollector extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(KafkaLagCollector.class);
    private static final long CALL_TIMEOUT_MS = 10_000;

    private final List<KafkaLagTarget> targets;
    private final String defaultBootstrap;
    private final KafkaSink sink;
    private final Clock clock;
    private final Map<KafkaLagTarget, Admin> admins = new HashMap<>();
    private final Map<KafkaLagTarget, AtomicBoolean> running = new HashMap<>();
    private final Map<KafkaLagTarget, String> lastProblem = new HashMap<>();

    public KafkaLagCollector(List<KafkaLagTarget> targets, String defaultBootstrap, KafkaSink sink, Clock clock) {
        this.targets = List.copyOf(targets);
        this.defaultBootstrap = defaultBootstrap;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        for (KafkaLagTarget t : targets) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, t.bootstrap() == null ? defaultBootstrap : t.bootstrap());
            p.put(AdminClientConfig.CLIENT_ID_CONFIG, "tocsin-lag-" + t.name());
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(CALL_TIMEOUT_MS / 2));
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(CALL_TIMEOUT_MS));
            admins.put(t, Admin.create(p));
            running.put(t, new AtomicBoolean());
            vertx.setPeriodic(0, t.interval().toMillis(), id -> poll(t));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(
                () -> {
                    admins.values().forEach(Admin::close);
                    return null;
                },
                false);
    }

    /** One measurement now; completes with what was written. */
    public Future<List<Sample>> poll(KafkaLagTarget t) {
        AtomicBoolean busy = running.get(t);
        if (!busy.compareAndSet(false, true)) {
            return Future.succeededFuture(List.of());
        }
        Labels target = Labels.of(t.labels()).with("job", t.name());
        return vertx.executeBlocking(() -> measure(admins.get(t), t, target), false)
                .compose(samples -> sink.write(samples, context).map(n -> samples))
                .onSuccess(s -> lastProblem.remove(t))
                .onFailure(e -> {
                    String what = e.getClass().getSimpleName() + ": " + e.getMessage();
                    if (!what.equals(lastProblem.put(t, what))) {
                        log.warn("kafka lag {}: {}", t.name(), what);
                    }
                })
                .onComplete(ar -> busy.set(false));
    }

    private List<Sample> measure(Admin admin, KafkaLagTarget t, Labels target) throws Exception {
        List<String> groups = t.groups();
        if (groups.isEmpty()) {
            groups = new ArrayList<>();
            for (GroupListing g : admin.listGroups().all().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                groups.add(g.groupId());
            }
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(g -> specs.put(g, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        Set<TopicPartition> partitions = new HashSet<>();
        if (!specs.isEmpty()) {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets =
                    admin.listConsumerGroupOffsets(specs).all().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            offsets.forEach((group, byPartition) -> {
                Map<TopicPartition, Long> m = new HashMap<>();
                byPartition.forEach((tp, om) -> {
                    if (om != null) {
                        m.put(tp, om.offset());
                        partitions.add(tp);
                    }
                });
                committed.put(group, m);
            });
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> end = new HashMap<>();
        if (!latest.isEmpty()) {
            admin.listOffsets(latest)
                    .all()
                    .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> end.put(tp, info.offset()));
        }
        return ConsumerLag.samples(committed, end, target, clock.millis());
    }
}
