package io.tocsin.notifier.channel.console;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.channel.AlertText;
import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.Notification;
import io.vertx.core.Future;
import java.io.PrintStream;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints one line per alert to stdout: the receiver that works with no setup, and the easiest way
 * to see routing at work. The line is also logged on {@value #LOGGER} at DEBUG, not INFO, because
 * {@code ./tocsin up} logs to the same terminal and every notification would show twice.
 * {@code [FIRING] HighCpu {instance="db-1"} value=0.97 summary=CPU is hot}
 */
public final class ConsoleChannel implements Channel {
    public static final String LOGGER = "tocsin.notify.console";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    /** Alerts printed per notification; the rest are counted in one more line. */
    public static final int MAX_LINES = 100;
    /** Characters per line: terminals and log shippers choke on megabyte lines. */
    public static final int MAX_LINE = 4096;

    private final PrintStream out;

    public ConsoleChannel(PrintStream out) {
        this.out = Objects.requireNonNull(out);
    }

    @Override
    public Future<DeliveryResult> deliver(Notification notification) {
        int shown = Math.min(notification.alerts().size(), MAX_LINES);
        for (Alert alert : notification.alerts().subList(0, shown)) {
            print(line(notification, alert));
        }
        if (notification.alerts().size() > shown) {
            print("[" + state(notification) + "] …and " + (notification.alerts().size() - shown) + " more alerts");
        }
        return Future.succeededFuture(DeliveryResult.delivered(null, "printed"));
    }

    private void print(String line) {
        log.debug("{}", line);
        out.println(line);
    }

    private static String state(Notification n) {
        return n.firing() ? "FIRING" : "RESOLVED";
    }

    public static String line(Notification n, Alert alert) {
        StringBuilder sb =
                new StringBuilder().append('[').append(state(n)).append("] ").append(AlertText.name(alert));
        var labels = AlertText.otherLabels(alert);
        if (!labels.isEmpty()) {
            sb.append(' ').append(labels);
        }
        String value = AlertText.value(alert);
        if (value != null) {
            sb.append(" value=").append(value);
        }
        for (String name : new String[] {"summary", "description"}) {
            String text = AlertText.annotation(alert, name);
            if (text != null) {
                // One notification, one line: log shippers split on newlines.
                sb.append(' ').append(name).append('=').append(oneLine(text));
            }
        }
        if (n.acknowledged() && n.firing()) {
            sb.append(" acknowledged_by=").append(oneLine(n.ack().by()));
            if (!n.ack().comment().isBlank()) {
                sb.append(" ack_comment=").append(oneLine(n.ack().comment().strip()));
            }
        }
        if (sb.length() > MAX_LINE) {
            sb.setLength(MAX_LINE - 1);
            if (Character.isHighSurrogate(sb.charAt(sb.length() - 1))) {
                sb.setLength(sb.length() - 1);
            }
            sb.append('…');
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }
}
