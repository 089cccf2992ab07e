package io.tocsin.notifier.template;

import java.util.List;

/** What a notification template is executed on (Alertmanager's {@code template.Data}). */
public record TemplateData(
        String receiver,
        String status,
        AlertList alerts,
        KV groupLabels,
        KV commonLabels,
        KV commonAnnotations,
        String externalURL)
        implements GoObject {
    @Override
    public Object field(String name, List<Object> args) {
        return switch (name) {
            case "Receiver" -> receiver;
            case "Status" -> status;
            case "Alerts" -> alerts;
            case "GroupLabels" -> groupLabels;
            case "CommonLabels" -> commonLabels;
            case "CommonAnnotations" -> commonAnnotations;
            case "ExternalURL" -> externalURL;
            default -> NO_SUCH_FIELD;
        };
    }

    @Override
    public String typeName() {
        return "*template.Data";
    }
}
