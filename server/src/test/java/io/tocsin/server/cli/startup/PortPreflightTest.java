package io.tocsin.server.cli.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.server.cli.UpCommand;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortPreflightTest {

    @Test
    void a_port_held_by_another_process_is_one_line_naming_port_service_and_setting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Map<String, String> env = Map.of(
                    "KAFKA_BOOTSTRAP", "127.0.0.1:1", // external cluster: no broker ports to check
                    "TOCSIN_RULES_DIR", "../rules-examples",
                    "TOCSIN_INGEST_PORT", String.valueOf(port),
                    "TOCSIN_RULES_PORT", "0",
                    "TOCSIN_NOTIFIER_PORT", "0");
            assertEquals(
                    List.of("tocsin: port " + port + " (ingest HTTP) is already in use; "
                            + "set TOCSIN_INGEST_PORT or stop the other process"),
                    UpCommand.preflight(env));
        }
    }

    @Test
    void a_second_up_finding_every_port_taken_prints_one_line_and_exits_1() throws Exception {
        try (ServerSocket broker = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket ingest = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = Map.of(
                    "TOCSIN_RULES_DIR", "../rules-examples",
                    "TOCSIN_BROKER_PORT", String.valueOf(broker.getLocalPort()),
                    "TOCSIN_CONTROLLER_PORT", "0",
                    "TOCSIN_INGEST_PORT", String.valueOf(ingest.getLocalPort()),
                    "TOCSIN_RULES_PORT", "0",
                    "TOCSIN_NOTIFIER_PORT", "0");
            io.tocsin.server.cli.Run r = io.tocsin.server.cli.Run.of(env, "up");
            assertEquals(1, r.exit());
            assertEquals(
                    "tocsin: port " + broker.getLocalPort() + " (Kafka broker) is already in use; "
                            + "set TOCSIN_BROKER_PORT or stop the other process\n",
                    r.err());
        }
    }

    @Test
    void after_a_failed_bind_the_port_now_taken_is_named() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Listener> listeners = List.of(
                    new Listener("127.0.0.1", freePort(), "rules HTTP", "TOCSIN_RULES_PORT"),
                    new Listener("127.0.0.1", taken.getLocalPort(), "notifier HTTP", "TOCSIN_NOTIFIER_PORT"));
            assertEquals(listeners.get(1).inUse(), PortPreflight.firstTaken(listeners));
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void the_embedded_brokers_ports_are_checked_too() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            List<Listener> listeners = Listener.of(new io.tocsin.core.settings.Env(Map.of(
                    "TOCSIN_CONTROLLER_PORT", String.valueOf(port),
                    "TOCSIN_BROKER_PORT", "0",
                    "TOCSIN_INGEST_PORT", "0",
                    "TOCSIN_RULES_PORT", "0",
                    "TOCSIN_NOTIFIER_PORT", "0")));
            assertEquals(
                    List.of("tocsin: port " + port + " (Kafka controller) is already in use; "
                            + "set TOCSIN_CONTROLLER_PORT or stop the other process"),
                    PortPreflight.problems(listeners));
        }
    }

    @Test
    void free_ports_pass_and_port_zero_is_not_checked() {
        Map<String, String> env = Map.of(
                "TOCSIN_BROKER_PORT", "0",
                "TOCSIN_CONTROLLER_PORT", "0",
                "TOCSIN_INGEST_PORT", "0",
                "TOCSIN_RULES_PORT", "0",
                "TOCSIN_NOTIFIER_PORT", "0");
        assertEquals(List.of(), PortPreflight.problems(Listener.of(new io.tocsin.core.settings.Env(env))));
    }

    @Test
    void one_port_set_for_two_services_is_named_with_both_settings() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<Listener> listeners = List.of(
                new Listener("127.0.0.1", port, "ingest HTTP", "TOCSIN_INGEST_PORT"),
                new Listener("127.0.0.1", port, "rules HTTP", "TOCSIN_RULES_PORT"));
        assertEquals(
                List.of("tocsin: port " + port
                        + " is set for both ingest HTTP (TOCSIN_INGEST_PORT) and rules HTTP (TOCSIN_RULES_PORT)"),
                PortPreflight.problems(listeners));
    }
}
