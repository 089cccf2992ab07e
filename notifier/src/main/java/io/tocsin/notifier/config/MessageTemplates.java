package io.tocsin.notifier.config;

import io.tocsin.notifier.template.Templates;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A channel's message fields given as templates in alertmanager.yml ({@code title}, {@code text},
 * {@code html}, {@code description}, ...), with the template set they may call and the URL
 * templates see as {@code .ExternalURL}. A field not given keeps Tocsin's own rendering.
 */
public record MessageTemplates(Templates set, Map<String, String> fields, String externalUrl) {
    public static final MessageTemplates NONE = new MessageTemplates(Templates.defaults(), Map.of(), "");

    public MessageTemplates {
        set = set == null ? Templates.defaults() : set;
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        externalUrl = externalUrl == null ? "" : externalUrl;
    }

    public boolean has(String field) {
        return fields.containsKey(field);
    }

    /** The template text of a field, or null when not given. */
    public String get(String field) {
        return fields.get(field);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }
}
