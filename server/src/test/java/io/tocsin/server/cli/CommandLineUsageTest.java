package io.tocsin.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineUsageTest {

    /** Every command, options its help must name, and arguments enough to get past its required ones. */
    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(
                        "", List.of("--help", "--version", "up", "rules", "alerts", "why", "history", "version"), ""),
                Arguments.of("up", List.of("--verbose"), ""),
                Arguments.of("rules", List.of("check", "test", "import"), ""),
                Arguments.of("rules check", List.of("FILE|DIR"), "dir"),
                Arguments.of("rules test", List.of("--junit", "TEST_FILE"), "file"),
                Arguments.of("rules import", List.of("--output", "FILE"), "file"),
                Arguments.of("config", List.of("check"), ""),
                Arguments.of("config check", List.of("FILE"), "file"),
                Arguments.of("routes", List.of("test"), ""),
                Arguments.of("routes test", List.of("FILE"), "file"),
                Arguments.of("alerts", List.of("--filter", "--json", "--notifier", "--token-file"), ""),
                Arguments.of("silences", List.of("add", "expire", "--json", "--notifier"), ""),
                Arguments.of("silences add", List.of("--duration", "--author", "--comment", "MATCHER"), "-c why a=b"),
                Arguments.of("silences expire", List.of("ID", "--notifier"), "id"),
                Arguments.of("why", List.of("--match", "--fingerprint", "--at", "--json", "--token-file"), "-f fp"),
                Arguments.of("history", List.of("FP", "--limit", "--json"), "fp"),
                Arguments.of("version", List.of("--help"), ""),
                Arguments.of("help", List.of("COMMAND"), ""));
    }

    @ParameterizedTest(name = "tocsin {0} --help exits 0 and names {1}")
    @MethodSource("commands")
    void every_command_has_a_help_naming_its_options(String command, List<String> names, String valid) {
        Run r = Run.of(args(command, "--help"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: tocsin" + (command.isEmpty() ? "" : " " + command)), r.out());
        for (String name : names) {
            assertTrue(r.out().contains(name), "help of '" + command + "' names " + name + ":\n" + r.out());
        }
    }

    @ParameterizedTest(name = "tocsin {0} {2} --no-such-option: one line and the usage, exit 2")
    @MethodSource("commands")
    void an_unknown_option_is_one_line_and_the_usage_with_exit_2(String command, List<String> names, String valid) {
        Run r = Run.of(args(command, (valid.isEmpty() ? "" : valid + " ") + "--no-such-option"));
        assertEquals(2, r.exit(), r.out() + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals("Unknown option: '--no-such-option'", lines.get(0), r.err());
        assertTrue(lines.get(1).startsWith("Usage: tocsin"), r.err());
        assertEquals("", r.out());
    }

    @ParameterizedTest(name = "tocsin {0}: a command of commands without one is a usage error")
    @ValueSource(strings = {"rules", "config", "routes"})
    void a_group_without_its_subcommand_is_a_usage_error(String command) {
        Run r = Run.of(command);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Missing required subcommand"), r.err());
    }

    @Test
    void rules_check_help_no_longer_looks_for_a_directory_named_help() {
        Run r = Run.of("rules", "check", "--help");
        assertEquals(0, r.exit());
        assertTrue(!r.out().contains("no rule found") && !r.err().contains("no rule found"), r.out());
    }

    @Test
    void version_prints_the_maven_version_the_jvm_and_the_kafka_client() {
        for (String[] args : List.of(new String[] {"version"}, new String[] {"--version"})) {
            Run r = Run.of(args);
            assertEquals(0, r.exit());
            List<String> lines = r.out().lines().toList();
            assertTrue(lines.get(0).matches("tocsin \\d+\\.\\d+\\.\\d+.*"), r.out());
            assertTrue(lines.get(1).startsWith("java " + System.getProperty("java.version")), r.out());
            assertEquals("kafka-clients 4.3.1", lines.get(2));
        }
    }

    @Test
    void help_names_a_subcommand_and_refuses_an_unknown_one() {
        Run known = Run.of("help", "silences", "add");
        assertEquals(0, known.exit());
        assertTrue(known.out().startsWith("Usage: tocsin silences add"), known.out());
        Run unknown = Run.of("help", "nope");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("tocsin: no command 'nope'"), unknown.err());
    }

    @Test
    void the_offline_tools_still_run_with_their_arguments() {
        Run r = Run.of("rules", "check", "../rules-examples");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("ok: "), r.out());
    }

    private static String[] args(String command, String option) {
        return (command.isEmpty() ? option : command + " " + option).split(" ");
    }
}
