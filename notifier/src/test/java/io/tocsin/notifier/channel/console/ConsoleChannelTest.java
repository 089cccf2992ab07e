package io.tocsin.notifier.channel.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.ChannelCompatibilityKit;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The console cannot fail; it still renders what the kit asks of every channel. */
class ConsoleChannelTest extends ChannelCompatibilityKit {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<String> accepted = new ArrayList<>();

    @Override
    protected Vendor startVendor(Vertx vertx) {
        return new Vendor() {
            @Override
            public Set<Failure> failures() {
                return Set.of();
            }

            @Override
            public void failNext(Failure failure) {
                throw new UnsupportedOperationException("stdout does not fail");
            }

            @Override
            public List<String> accepted() {
                return List.copyOf(accepted);
            }

            @Override
            public List<String> secrets() {
                return List.of();
            }

            @Override
            public void close() {}
        };
    }

    @Override
    protected Channel channel(Vendor vendor, Duration timeout, Clock clock) {
        ConsoleChannel console = new ConsoleChannel(new PrintStream(out, true, StandardCharsets.UTF_8));
        return n -> console.deliver(n).onSuccess(r -> {
            // One accepted "message" per notification, as the kit counts them.
            accepted.add(out.toString(StandardCharsets.UTF_8));
            out.reset();
        });
    }

    @Override
    protected void assertWithinVendorLimits(String accepted) {
        // Log shippers split on newlines and cap lines: one line per alert, each bounded.
        String[] lines = accepted.split("\n");
        assertTrue(lines.length <= ConsoleChannel.MAX_LINES + 1, "lines: " + lines.length);
        for (String line : lines) {
            assertTrue(line.length() <= ConsoleChannel.MAX_LINE, "line of " + line.length());
        }
    }
}
