package io.tocsin.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceArgsTest {
    @Test
    void readsTheCommandAndItsNamedOptions() {
        ServiceArgs a = ServiceArgs.parse(new String[] {"rules", "--app-id", "r1", "--port", "9471"});
        assertEquals("rules", a.command());
        assertEquals("r1", a.required("--app-id"));
        assertEquals(9471, a.integer("--port", 0));
        assertEquals(-1, a.integer("--replication-factor", -1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                  | args                       | message
            no command at all                       | ''                         | usage: ServiceMain
            an option without its value             | notifier --config          | expected '--name value' pairs
            a value without an option name          | notifier config.yml x      | expected '--name value' pairs
            a required option missing               | notifier --port 1          | --config is required
            a number that is not one                | notifier --port x --config c | --port must be a number
            """)
    void badCommandLinesSayWhatIsWrong(String what, String args, String message) {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> {
                    ServiceArgs a = ServiceArgs.parse(args.isBlank() ? new String[0] : args.split(" "));
                    a.integer("--port", 0);
                    a.required("--config");
                },
                what);
        assertEquals(true, e.getMessage().startsWith(message), what + ": " + e.getMessage());
    }
}
