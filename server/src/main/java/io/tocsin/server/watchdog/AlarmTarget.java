package io.tocsin.server.watchdog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;

/**
 * Where the watchdog says that the pipeline went silent: straight to a receiver, never through
 * Kafka or the notifier it watches. Each kind builds its vendor's body (contracts.md).
 */
public sealed interface AlarmTarget {
    String ALARM_NAME = "TocsinPipelineSilent";

    URI url();

    /** What kind of receiver, for logs (never the URL: it may be the secret). */
    String kind();

    /** The request body announcing the silence ({@code raised}) or its end. */
    String body(boolean raised, String summary, Instant at);

    /** Any receiver of Alertmanager's webhook payload (version 4). */
    record Webhook(URI url) implements AlarmTarget {
        @Override
        public String kind() {
            return "webhook";
        }

        @Override
        public String body(boolean raised, String summary, Instant at) {
            String status = raised ? "firing" : "resolved";
            JsonObject labels = new JsonObject().put("alertname", ALARM_NAME).put("severity", "critical");
            JsonObject annotations = new JsonObject().put("summary", summary);
            JsonObject alert = new JsonObject()
                    .put("status", status)
                    .put("labels", labels)
                    .put("annotations", annotations)
                    .put("startsAt", at.toString())
                    .put("endsAt", raised ? "0001-01-01T00:00:00Z" : at.toString())
                    .put("generatorURL", "")
                    .put("fingerprint", "tocsin-watchdog");
            return new JsonObject()
                    .put("version", "4")
                    .put("groupKey", "{}:{alertname=\"" + ALARM_NAME + "\"}")
                    .put("truncatedAlerts", 0)
                    .put("status", status)
                    .put("receiver", "tocsin-watchdog")
                    .put("groupLabels", new JsonObject().put("alertname", ALARM_NAME))
                    .put("commonLabels", labels)
                    .put("commonAnnotations", annotations)
                    .put("externalURL", "")
                    .put("alerts", new JsonArray().add(alert))
                    .encode();
        }
    }

    /** A Slack incoming webhook. */
    record Slack(URI url) implements AlarmTarget {
        @Override
        public String kind() {
            return "slack";
        }

        @Override
        public String body(boolean raised, String summary, Instant at) {
            String text = (raised ? "[FIRING] " : "[RESOLVED] ") + ALARM_NAME + ": " + summary;
            return new JsonObject()
                    .put("text", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                    .encode();
        }
    }

    /** PagerDuty Events API v2: one incident, opened and resolved by the same dedup key. */
    record PagerDuty(URI url, String routingKey) implements AlarmTarget {
        public static final URI EVENTS = URI.create("https://events.pagerduty.com/v2/enqueue");

        @Override
        public String kind() {
            return "pagerduty";
        }

        @Override
        public String body(boolean raised, String summary, Instant at) {
            JsonObject event = new JsonObject()
                    .put("routing_key", routingKey)
                    .put("event_action", raised ? "trigger" : "resolve")
                    .put("dedup_key", "tocsin-watchdog");
            if (raised) {
                event.put(
                        "payload",
                        new JsonObject()
                                .put("summary", summary)
                                .put("source", "tocsin-watchdog")
                                .put("severity", "critical")
                                .put("timestamp", at.toString()));
            }
            return event.encode();
        }

        @Override
        public String toString() {
            return "PagerDuty[" + url + "]"; // the routing key is a secret
        }
    }
}
