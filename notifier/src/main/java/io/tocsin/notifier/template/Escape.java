package io.tocsin.notifier.template;

/**
 * How the values a template prints are escaped for the channel that shows them. The template's own
 * text is never escaped: it is the author's markup ({@code <a href=...>}, Slack's {@code <url|text>}).
 */
public enum Escape {
    /** Plain text: PagerDuty, webhook, e-mail text bodies and headers. */
    NONE,
    /** HTML e-mail: what html/template does in text and quoted attributes; {@code safeHtml} passes. */
    HTML,
    /**
     * Slack mrkdwn: {@code & < >} become entities so a label value cannot mention {@code <!channel>}
     * or forge a link. Alertmanager does not escape Slack text; Tocsin does on purpose.
     */
    SLACK;

    String apply(Object value, String printed) {
        return switch (this) {
            case NONE -> printed;
            case HTML -> value instanceof SafeHtml ? printed : html(printed, true);
            case SLACK -> printed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        };
    }

    /**
     * Go's HTML escaping: text/template's {@code html} escapes {@code & ' < > "} and NUL;
     * html/template also escapes {@code +}.
     */
    static String html(String s, boolean htmlTemplate) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '\'' -> b.append("&#39;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&#34;");
                case '\0' -> b.append('\uFFFD');
                case '+' -> b.append(htmlTemplate ? "&#43;" : "+");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
