package io.tocsin.notifier.template;

/** Text the {@code safeHtml} function marked as HTML: printed without escaping, as html/template does. */
public record SafeHtml(String html) {
    @Override
    public String toString() {
        return html;
    }
}
