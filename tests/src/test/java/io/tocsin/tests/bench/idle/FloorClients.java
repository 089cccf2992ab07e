package io.tocsin.tests.bench.idle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The client JVM of a floor rung: creates the rung's empty topics, starts its plain consumers and
 * Streams applications (FloorSpec), prints {@value #READY} once every consumer has its partitions
 * and every application runs, and then does nothing else until the driver closes our stdin.
 * Started by FloorRun with the launcher's JVM options, so that its JVM costs what Tocsin's does.
 */
public final class FloorClients {
    static final String READY = "FLOOR CLIENTS READY";

    private FloorClients() {}

    public static void main(String[] args) throws Exception {
        FloorSpec spec = FloorSpec.parse(args);
        String bootstrap = RunSupport.values(args, "--bootstrap").get(0);
        Path stateDir = Path.of(RunSupport.values(args, "--state-dir").get(0));
        createTopics(bootstrap, spec);

        List<IdleConsumer> consumers = new ArrayList<>();
        List<KafkaStreams> apps = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(consumers, apps)));
        for (FloorSpec.Shape s : spec.plainConsumers()) {
            consumers.add(IdleConsumer.start(bootstrap, s, spec.clientProps()));
        }
        for (int i = 0; i < spec.streamsApps(); i++) {
            apps.add(IdleStreamsApp.start(i, bootstrap, stateDir.resolve("app-" + i), spec));
        }
        for (IdleConsumer c : consumers) {
            c.awaitReady(Duration.ofSeconds(90));
        }
        for (KafkaStreams s : apps) {
            IdleStreamsApp.awaitRunning(s, Duration.ofSeconds(90));
        }
        boolean prime = !List.of(args).contains("--no-prime");
        for (int i = 0; prime && i < apps.size(); i++) {
            Prime.inputs(bootstrap, "floor-app-" + i);
        }
        System.out.printf(
                "%s: %d plain consumers %s, %d Streams applications (%s), punctuator every %d ms%n",
                READY,
                consumers.size(),
                spec.plainConsumers(),
                apps.size(),
                prime ? "one record on each input partition, then rest" : "never fed",
                spec.punctuateMs());
        System.out.flush();
        while (System.in.read(new byte[64]) >= 0) {
            // the driver never writes; end of input means it is gone
        }
        System.exit(0);
    }

    private static void createTopics(String bootstrap, FloorSpec spec) throws Exception {
        Stream<String> consumerTopics = spec.plainConsumers().stream().flatMap(s -> IdleConsumer.topics(s).stream());
        Stream<String> appTopics = Stream.iterate(0, i -> i + 1)
                .limit(spec.streamsApps())
                .flatMap(i -> IdleStreamsApp.inputs("floor-app-" + i).stream());
        List<NewTopic> topics = Stream.concat(consumerTopics, appTopics)
                .map(t -> new NewTopic(t, IdleConsumer.PARTITIONS, (short) 1))
                .toList();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(topics).all().get();
        }
    }

    private static void closeAll(List<IdleConsumer> consumers, List<KafkaStreams> apps) {
        for (IdleConsumer c : consumers) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        apps.forEach(s -> s.close(Duration.ofSeconds(10)));
    }
}
