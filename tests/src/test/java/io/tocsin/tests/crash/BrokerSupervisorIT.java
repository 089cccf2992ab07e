package io.tocsin.tests.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.BrokerSupervisor;
import io.tocsin.server.broker.RestartPolicy;
import io.tocsin.tests.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.junit.jupiter.api.Test;

/**
 * The broker child of {@code ./tocsin up} is supervised: killed with SIGKILL it comes back on the
 * same address by itself; when it cannot come back the launcher is told why and exits.
 */
class BrokerSupervisorIT {
    private static final RestartPolicy QUICK =
            new RestartPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(60));

    @Test
    void aKilledBrokerIsRestartedOnTheSameAddressAndAnswersAgain() throws Exception {
        CompletableFuture<String> gaveUp = new CompletableFuture<>();
        Path data = Files.createDirectories(Path.of("target", "supervised-" + UUID.randomUUID()));
        try (BrokerSupervisor broker = BrokerSupervisor.start(
                config(data), ChildClasspath.get(), data.resolve("broker.log"), QUICK, gaveUp::complete)) {
            long firstPid = broker.pid();
            // Ready means the broker logged it; its first answer can take seconds more on a busy machine.
            Eventually.await(
                    Duration.ofSeconds(30), "the broker answering", () -> answers(broker.bootstrap()) ? true : null);

            long t0 = System.nanoTime();
            ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();
            Eventually.await(Duration.ofSeconds(60), "a new broker JVM", () -> broker.restarts() == 1 ? true : null);
            Eventually.await(
                    Duration.ofSeconds(30),
                    "the restarted broker answering",
                    () -> answers(broker.bootstrap()) ? true : null);
            System.out.printf(
                    "supervised broker: killed pid %d, pid %d answering %d ms later%n",
                    firstPid, broker.pid(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

            assertNotEquals(firstPid, broker.pid());
            assertEquals(
                    2,
                    Files.readString(data.resolve("broker.log")).split("BROKER READY", -1).length - 1,
                    "the log keeps both starts, so the lines before the death stay readable");
            assertTrue(!gaveUp.isDone(), "no give-up after one death");
        }
    }

    @Test
    void aBrokerThatKeepsDyingEndsInAGiveUpThatSaysWhy() throws Exception {
        CompletableFuture<String> gaveUp = new CompletableFuture<>();
        Path data = Files.createDirectories(Path.of("target", "supervised-" + UUID.randomUUID()));
        RestartPolicy never =
                new RestartPolicy(0, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(60));
        try (BrokerSupervisor broker = BrokerSupervisor.start(
                config(data), ChildClasspath.get(), data.resolve("broker.log"), never, gaveUp::complete)) {
            ProcessHandle.of(broker.pid()).orElseThrow().destroyForcibly();
            String reason = gaveUp.get(30, TimeUnit.SECONDS);
            assertEquals(
                    "the embedded Kafka broker cannot be kept running: the broker failed 1 times in a row"
                            + " (limit 0); see " + data.resolve("broker.log"),
                    reason);
            assertEquals(0, broker.restarts());
        }
    }

    private static BrokerConfig config(Path data) {
        return new BrokerConfig(data.resolve("kafka"), freePort(), freePort());
    }

    private static boolean answers(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                    .clusterId()
                    .get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
