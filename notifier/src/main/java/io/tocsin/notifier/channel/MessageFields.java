package io.tocsin.notifier.channel;

import io.tocsin.notifier.config.MessageTemplates;
import io.tocsin.notifier.template.Escape;
import io.tocsin.notifier.template.TemplateData;
import io.tocsin.notifier.template.TemplateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a channel's template fields for one notification. A field whose template fails at
 * send time (a field of the wrong type, a missing template) is logged and left to Tocsin's own
 * rendering: the page still goes out.
 */
public final class MessageFields {
    private static final Logger log = LoggerFactory.getLogger(MessageFields.class);

    private final MessageTemplates templates;
    private final TemplateData data;

    public MessageFields(MessageTemplates templates, Notification n) {
        this.templates = templates == null ? MessageTemplates.NONE : templates;
        this.data = NotificationData.of(n, this.templates.externalUrl());
    }

    public boolean has(String field) {
        return templates.has(field);
    }

    /** The field rendered, or null when the config does not give it or it fails. */
    public String render(String field, Escape escape) {
        String text = templates.get(field);
        return text == null ? null : text(field, text, escape);
    }

    /** The field rendered, or the named default template when the config does not give it. */
    public String renderOr(String field, String defaultText, Escape escape) {
        String text = templates.get(field);
        return text(field, text == null ? defaultText : text, escape);
    }

    /** Any template text on this notification's data (an e-mail header, a PagerDuty detail). */
    public String text(String what, String text, Escape escape) {
        try {
            return templates.set().render(text, data, escape);
        } catch (TemplateException e) {
            log.warn("template of {} failed, Tocsin's own text is sent instead: {}", what, e.getMessage());
            return null;
        }
    }
}
