package io.tocsin.rules;

import io.tocsin.core.kafka.Topics;
import io.tocsin.rules.topology.Progress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many partitions the inputs have: stage 2 judges nothing until every one of them has
 * reported how far it has read, so a restart's backlog is never judged as missing data.
 */
final class InputTopics {
    private static final Logger log = LoggerFactory.getLogger(InputTopics.class);

    private InputTopics() {}

    /** @return the counts; empty when Kafka does not say (then stage 2 waits for the sources it has heard of) */
    static Map<Progress.Input, Integer> partitions(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<String, TopicDescription> d = admin.describeTopics(List.of(Topics.SAMPLES, Topics.LOGS))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            Map<Progress.Input, Integer> out = new EnumMap<>(Progress.Input.class);
            out.put(Progress.Input.SAMPLES, d.get(Topics.SAMPLES).partitions().size());
            out.put(Progress.Input.LOGS, d.get(Topics.LOGS).partitions().size());
            return out;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn(
                    "could not read the input topics' partition counts ({}); judging on the partitions heard from",
                    e.toString());
            return Map.of();
        }
    }
}
