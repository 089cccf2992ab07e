package io.tocsin.notifier.channel.pagerduty;

import io.tocsin.notifier.channel.MessageFields;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.config.PagerDutyConfig;
import io.tocsin.notifier.template.Escape;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The PagerDuty fields alertmanager.yml gives as templates: description (the payload's summary),
 * client, client_url, class, component, group, and details (which replace Tocsin's
 * custom_details, as they replace Alertmanager's). Only a trigger carries them.
 */
final class PagerDutyTemplates {
    private PagerDutyTemplates() {}

    static JsonObject apply(JsonObject event, PagerDutyConfig config, Notification n) {
        JsonObject payload = event.getJsonObject("payload");
        if (payload == null || (config.templates().isEmpty() && config.details().isEmpty())) {
            return event;
        }
        MessageFields f = new MessageFields(config.templates(), n);
        String summary = f.render("description", Escape.NONE);
        if (summary != null && !summary.isEmpty()) {
            payload.put(
                    "summary",
                    summary.length() > PagerDutyEvent.MAX_SUMMARY
                            ? summary.substring(0, PagerDutyEvent.MAX_SUMMARY - 1) + "…"
                            : summary);
        }
        for (String field : new String[] {"class", "component", "group"}) {
            String v = f.render(field, Escape.NONE);
            if (v != null && !v.isEmpty()) {
                payload.put(field, v);
            }
        }
        String client = f.render("client", Escape.NONE);
        if (client != null) {
            event.put("client", client);
        }
        String clientUrl = f.render("client_url", Escape.NONE);
        if (clientUrl != null) {
            event.put("client_url", clientUrl);
        }
        if (!config.details().isEmpty()) {
            JsonObject details = new JsonObject();
            for (Map.Entry<String, String> d : config.details().entrySet()) {
                String v = f.text("details." + d.getKey(), d.getValue(), Escape.NONE);
                details.put(d.getKey(), v == null ? d.getValue() : v);
            }
            payload.put("custom_details", details);
        }
        return event;
    }
}
