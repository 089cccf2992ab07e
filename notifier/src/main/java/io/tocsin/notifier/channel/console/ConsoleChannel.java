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

    private final PrintStream out;

    public ConsoleChannel(PrintStream out) {
        this.out = Objects.requireNonNull(out);
    }

    @Override
    public Future<DeliveryResult> deliver(Notification notification) {
        for (Alert alert : notification.alerts()) {
            String line = line(notification, alert);
            log.debug("{}", line);
            out.println(line);
        }
        return Future.succeededFuture(DeliveryResult.delivered(null, "printed"));
    }

    public static String line(Notification n, Alert alert) {
        StringBuilder sb = new StringBuilder()
                .append(n.firing() ? "[FIRING] " : "[RESOLVED] ")
                .append(AlertText.name(alert));
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
                sb.append(' ').append(name).append('=').append(text.replaceAll("\\s*\\R\\s*", " "));
            }
        }
        return sb.toString();
    }
}
