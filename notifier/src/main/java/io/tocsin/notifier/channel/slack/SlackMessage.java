package io.tocsin.notifier.channel.slack;

import io.tocsin.core.wire.Alert;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.channel.AlertText;
import io.tocsin.notifier.channel.Notification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The Slack webhook body for a notification: {@code text} (the fallback shown in notifications)
 * and Block Kit sections, one per alert, each within Slack's 3,000-character section limit.
 * Everything that comes from alerts is escaped, so a label cannot ping {@code <!channel>}.
 */
public final class SlackMessage {
    /** Slack rejects a section whose text is longer (invalid_blocks). */
    public static final int SECTION_LIMIT = 3000;
    /** Slack accepts at most 50 blocks per message. */
    static final int MAX_BLOCKS = 50;

    private SlackMessage() {}

    public static JsonObject render(Notification n, String channel, String username) {
        List<Alert> alerts = n.alerts();
        String title = title(n);
        JsonArray blocks = new JsonArray();
        // One block is kept for "...and N more", one for the acknowledgement.
        int shown = Math.min(alerts.size(), MAX_BLOCKS - 2);
        for (int i = 0; i < shown; i++) {
            String text = (i == 0 ? "*" + title + "*\n" : "") + alertText(alerts.get(i));
            blocks.add(section(text));
        }
        if (alerts.isEmpty()) {
            blocks.add(section("*" + title + "*"));
        } else if (alerts.size() > shown) {
            blocks.add(section("…and " + (alerts.size() - shown) + " more"));
        }
        if (n.acknowledged()) {
            blocks.add(section(acknowledgement(n.ack())));
        }
        JsonObject body = new JsonObject().put("text", cap(fallback(n, title))).put("blocks", blocks);
        if (channel != null) {
            body.put("channel", channel);
        }
        if (username != null) {
            body.put("username", username);
        }
        return body;
    }

    /** {@code :red_circle: [FIRING] HighCpu}; with several alerts {@code [FIRING:3]}. */
    static String title(Notification n) {
        String emoji =
                !n.firing() ? ":large_green_circle:" : n.acknowledged() ? ":large_orange_circle:" : ":red_circle:";
        String state = !n.firing() ? "RESOLVED" : "FIRING";
        String count = n.alerts().size() > 1 ? ":" + n.alerts().size() : "";
        String name = n.alerts().isEmpty()
                ? ""
                : " " + escape(AlertText.name(n.alerts().get(0)));
        String acked = n.firing() && n.acknowledged() ? ", ACKNOWLEDGED" : "";
        return emoji + " [" + state + count + acked + "]" + name;
    }

    /** {@code :eyes: Acknowledged by alice: looking into it}, escaped like everything from users. */
    static String acknowledgement(Acknowledgement ack) {
        String comment =
                ack.comment().isBlank() ? "" : ": " + escape(ack.comment().strip());
        return ":eyes: *Acknowledged* by " + escape(ack.by()) + comment;
    }

    private static String fallback(Notification n, String title) {
        String summary =
                n.alerts().isEmpty() ? null : AlertText.annotation(n.alerts().get(0), "summary");
        return summary == null ? title : title + " — " + escape(summary);
    }

    static String alertText(Alert alert) {
        StringBuilder sb = new StringBuilder();
        String labels = AlertText.otherLabels(alert).map().entrySet().stream()
                .map(e -> "`" + escape(e.getKey()) + "=" + escape(e.getValue()) + "`")
                .reduce((a, b) -> a + " " + b)
                .orElse(null);
        if (labels != null) {
            sb.append("*Labels:* ").append(labels).append('\n');
        }
        String value = AlertText.value(alert);
        if (value != null) {
            sb.append("*Value:* ").append(value).append('\n');
        }
        String summary = AlertText.annotation(alert, "summary");
        if (summary != null) {
            sb.append("*Summary:* ").append(escape(summary)).append('\n');
        }
        String description = AlertText.annotation(alert, "description");
        if (description != null) {
            sb.append("*Description:* ").append(escape(description)).append('\n');
        }
        String runbook = AlertText.runbook(alert);
        if (runbook != null) {
            sb.append('<').append(escape(runbook).replace("|", "%7C")).append("|Runbook>\n");
        }
        if (!alert.generatorURL().isEmpty()) {
            sb.append('<')
                    .append(escape(alert.generatorURL()).replace("|", "%7C"))
                    .append("|Source>\n");
        }
        return sb.toString().stripTrailing();
    }

    private static JsonObject section(String text) {
        return new JsonObject()
                .put("type", "section")
                .put("text", new JsonObject().put("type", "mrkdwn").put("text", cap(text)));
    }

    /** Slack's mrkdwn control characters; the only escaping Slack asks for. */
    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Cuts to the section limit without splitting an escape like {@code &amp;} or a surrogate pair. */
    static String cap(String text) {
        if (text.length() <= SECTION_LIMIT) {
            return text;
        }
        String cut = text.substring(0, SECTION_LIMIT - 1);
        int amp = cut.lastIndexOf('&');
        if (amp >= 0 && cut.indexOf(';', amp) < 0) {
            cut = cut.substring(0, amp);
        }
        if (!cut.isEmpty() && Character.isHighSurrogate(cut.charAt(cut.length() - 1))) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
