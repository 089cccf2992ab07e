package io.tocsin.tests.bench.idle;

import java.util.List;
import java.util.Map;

/**
 * One rung of the idle floor (bench.IdleFloor): what runs beside a fresh broker, and the settings
 * changed from Tocsin's. The clients stand for what {@code ./tocsin up} runs at rest, one for one:
 * four consumers that long-poll (the rules and notifier Streams main consumers, the notifier's
 * global consumer, the delivery worker), three of them in a group. A rung with Streams
 * applications runs two of them in place of the two Streams main consumers.
 *
 * @param rung          broker, consumers, streams, punctuate, or tocsin (./tocsin up itself)
 * @param streamsApps   idle exactly-once Streams applications (0 or 2)
 * @param punctuateMs   a wall-clock punctuator per task every this many ms that writes nothing; 0: none
 * @param brokerProps   broker properties set over BrokerConfig's
 * @param brokerJvm     JVM options added after ChildBroker's (a later HotSpot flag wins)
 * @param clientProps   consumer properties over Tocsin's, for the plain consumers and the Streams
 *                      main and global consumers; an empty value removes the setting
 * @param streamsProps  Streams properties over Tocsin's; an empty value removes the setting
 */
record FloorSpec(
        String rung,
        int streamsApps,
        long punctuateMs,
        Map<String, String> brokerProps,
        List<String> brokerJvm,
        Map<String, String> clientProps,
        Map<String, String> streamsProps) {

    /** A consumer Tocsin runs at rest: how many topics it reads (4 partitions each), and whether in a group. */
    record Shape(String name, int topics, boolean group) {}

    /** Tocsin's long-polling consumers at rest, the Streams main consumers first. */
    static final List<Shape> TOCSIN_CONSUMERS = List.of(
            new Shape("rules-main", 3, true), // samples, logs, rule-groups-repartition
            new Shape("notifier-main", 3, true), // alerts, acks, by-group-repartition
            new Shape("notifier-global", 2, false), // silences, inhibiting: assigned, no group
            new Shape("delivery", 1, true)); // notifications

    static final List<String> RUNGS = List.of("broker", "consumers", "streams", "punctuate", "tocsin");

    /** Streams punctuates every 5 s in the punctuate rung: stage 1's look at rest. */
    static final long PUNCTUATE_MS = 5_000;

    FloorSpec {
        if (!RUNGS.contains(rung)) {
            throw new IllegalArgumentException("--rung is one of " + RUNGS + ", not " + rung);
        }
        if (streamsApps < 0 || streamsApps > 2) {
            throw new IllegalArgumentException("0 to 2 Streams applications, not " + streamsApps);
        }
        if (rung.equals("tocsin")
                && !(brokerProps.isEmpty() && brokerJvm.isEmpty() && clientProps.isEmpty() && streamsProps.isEmpty())) {
            throw new IllegalArgumentException("the tocsin rung runs ./tocsin up as it is: no settings to change");
        }
        brokerProps = Map.copyOf(brokerProps);
        brokerJvm = List.copyOf(brokerJvm);
        clientProps = Map.copyOf(clientProps);
        streamsProps = Map.copyOf(streamsProps);
    }

    static FloorSpec parse(String[] args) {
        String rung =
                RunSupport.values(args, "--rung").stream().reduce((a, b) -> b).orElse("broker");
        int apps = rung.equals("streams") || rung.equals("punctuate") ? 2 : 0;
        long punctuate = RunSupport.option(args, "--punctuate-ms", rung.equals("punctuate") ? PUNCTUATE_MS : 0);
        return new FloorSpec(
                rung,
                apps,
                punctuate,
                RunSupport.pairs(args, "--broker"),
                RunSupport.values(args, "--broker-jvm"),
                RunSupport.pairs(args, "--client"),
                RunSupport.pairs(args, "--streams"));
    }

    /** The plain consumers of this rung: none with the broker alone, the rest of Tocsin's beside its Streams apps. */
    List<Shape> plainConsumers() {
        if (rung.equals("broker") || rung.equals("tocsin")) {
            return List.of();
        }
        return TOCSIN_CONSUMERS.subList(streamsApps, TOCSIN_CONSUMERS.size());
    }

    /** Whether a client JVM runs beside the broker. */
    boolean clients() {
        return !plainConsumers().isEmpty() || streamsApps > 0;
    }

    /** Whether the broker is started as {@code ./tocsin up} starts it, by ChildBroker itself. */
    boolean brokerAsUp() {
        return brokerProps.isEmpty() && brokerJvm.isEmpty();
    }
}
