package io.tocsin.core.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates Tocsin's topics when they are missing; existing topics are left as they are (adding
 * partitions would move keys to other partitions and so away from the state that owns them).
 */
public final class TopicAdmin {
    private TopicAdmin() {}

    /** @param replication 0 or less: the cluster's default.replication.factor */
    public static void ensureTopics(String bootstrap, int partitions, int replication) {
        ensureTopics(bootstrap, TopicSizing.uniform(partitions, replication));
    }

    /**
     * Creates what is missing with the given sizing, then checks that the co-partitioned topics
     * (alerts and acks) have equal partition counts: a cluster where someone changed one of them
     * would route an ack to a notifier task that does not know its alert.
     */
    public static void ensureTopics(String bootstrap, TopicSizing sizing) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.all().stream()
                    .filter(s -> !existing.contains(s.name()))
                    .map(s -> newTopic(s, sizing))
                    .toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // Another instance starting at the same time created it first: same outcome.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<String, TopicDescription> described = describe(admin, Topics.CO_PARTITIONED);
            Set<Integer> counts = new TreeSet<>();
            described.values().forEach(d -> counts.add(d.partitions().size()));
            if (counts.size() > 1) {
                Map<String, Integer> byTopic = new HashMap<>();
                described.forEach((name, d) -> byTopic.put(name, d.partitions().size()));
                throw new IllegalStateException("topics " + Topics.CO_PARTITIONED
                        + " must have the same number of partitions, found " + byTopic);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topics on " + bootstrap, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Topics just created may not be in every broker's metadata yet: asks again for up to 30 s. */
    private static Map<String, TopicDescription> describe(Admin admin, List<String> names)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    static NewTopic newTopic(Topics.Spec spec, TopicSizing sizing) {
        Map<String, String> config = new HashMap<>(spec.config());
        if (sizing.minInsyncReplicas() > 0) {
            config.put("min.insync.replicas", String.valueOf(sizing.minInsyncReplicas()));
        }
        return new NewTopic(
                        spec.name(),
                        Optional.of(sizing.partitions(spec.family())),
                        sizing.replicationFactor() > 0
                                ? Optional.of((short) sizing.replicationFactor())
                                : Optional.empty())
                .configs(config);
    }
}
