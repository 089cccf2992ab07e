package io.tocsin.notifier.channel.slack;

import io.tocsin.notifier.channel.MessageFields;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.config.MessageTemplates;
import io.tocsin.notifier.template.Escape;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The Slack fields alertmanager.yml gives as templates. When any attachment field (title, text,
 * ...) is given, the message is Alertmanager's: one attachment whose other fields come from
 * Alertmanager's default templates ({@code slack.default.*}); otherwise Tocsin's own blocks stay.
 * Text fields are escaped for mrkdwn, link and icon fields are not.
 */
final class SlackTemplates {
    private static final List<String> ATTACHMENT_FIELDS =
            List.of("title", "title_link", "text", "pretext", "fallback", "color", "footer");
    private static final String DEFAULT_COLOR = "{{ if eq .Status \"firing\" }}danger{{ else }}good{{ end }}";

    private SlackTemplates() {}

    static JsonObject apply(JsonObject body, MessageTemplates templates, Notification n) {
        if (templates == null || templates.isEmpty()) {
            return body;
        }
        MessageFields f = new MessageFields(templates, n);
        if (ATTACHMENT_FIELDS.stream().anyMatch(f::has)) {
            JsonObject attachment = new JsonObject();
            put(attachment, "title", f.renderOr("title", "{{ template \"slack.default.title\" . }}", Escape.SLACK));
            put(
                    attachment,
                    "title_link",
                    f.renderOr("title_link", "{{ template \"slack.default.titlelink\" . }}", Escape.NONE));
            put(
                    attachment,
                    "pretext",
                    f.renderOr("pretext", "{{ template \"slack.default.pretext\" . }}", Escape.SLACK));
            put(attachment, "text", f.renderOr("text", "{{ template \"slack.default.text\" . }}", Escape.SLACK));
            put(
                    attachment,
                    "fallback",
                    f.renderOr("fallback", "{{ template \"slack.default.fallback\" . }}", Escape.SLACK));
            put(attachment, "color", f.renderOr("color", DEFAULT_COLOR, Escape.NONE));
            put(attachment, "footer", f.renderOr("footer", "{{ template \"slack.default.footer\" . }}", Escape.SLACK));
            attachment.put(
                    "mrkdwn_in", new JsonArray().add("fallback").add("pretext").add("text"));
            body.remove("blocks");
            String fallback = attachment.getString("fallback");
            if (fallback != null) {
                body.put("text", fallback);
            }
            body.put("attachments", new JsonArray().add(attachment));
        }
        put(body, "icon_emoji", f.render("icon_emoji", Escape.NONE));
        put(body, "icon_url", f.render("icon_url", Escape.NONE));
        put(body, "username", f.render("username", Escape.NONE));
        return body;
    }

    private static void put(JsonObject o, String key, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(key, SlackMessage.cap(value));
        }
    }
}
