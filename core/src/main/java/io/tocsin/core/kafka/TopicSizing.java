package io.tocsin.core.kafka;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;

/**
 * How Tocsin's topics are created: partitions per family (the most instances of a service that
 * can share its work) and how many copies of each partition the cluster keeps.
 *
 * @param replicationFactor 0 or less: the cluster's default.replication.factor
 * @param minInsyncReplicas 0 or less: the cluster's min.insync.replicas
 */
public record TopicSizing(
        int samplesPartitions, int logsPartitions, int alertsPartitions, int replicationFactor, int minInsyncReplicas) {

    public TopicSizing {
        if (samplesPartitions < 1 || logsPartitions < 1 || alertsPartitions < 1) {
            throw new IllegalArgumentException("every topic needs at least one partition");
        }
        if (replicationFactor > 0 && minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("min.insync.replicas " + minInsyncReplicas
                    + " above the replication factor " + replicationFactor + ": no write could ever succeed");
        }
    }

    /** The same partition count everywhere, the cluster's min.insync.replicas. */
    public static TopicSizing uniform(int partitions, int replicationFactor) {
        return new TopicSizing(partitions, partitions, partitions, replicationFactor, -1);
    }

    /** TOCSIN_SAMPLES/LOGS/ALERTS_PARTITIONS, TOCSIN_REPLICATION_FACTOR, TOCSIN_MIN_INSYNC_REPLICAS. */
    public static TopicSizing fromEnv(Env env) {
        return new TopicSizing(
                env.integer(Setting.TOCSIN_SAMPLES_PARTITIONS),
                env.integer(Setting.TOCSIN_LOGS_PARTITIONS),
                env.integer(Setting.TOCSIN_ALERTS_PARTITIONS),
                env.integer(Setting.TOCSIN_REPLICATION_FACTOR),
                env.integer(Setting.TOCSIN_MIN_INSYNC_REPLICAS));
    }

    public TopicSizing withReplication(int replicationFactor, int minInsyncReplicas) {
        return new TopicSizing(
                samplesPartitions, logsPartitions, alertsPartitions, replicationFactor, minInsyncReplicas);
    }

    public int partitions(Topics.Family family) {
        return switch (family) {
            case SAMPLES -> samplesPartitions;
            case LOGS -> logsPartitions;
            case ALERTS -> alertsPartitions;
        };
    }
}
