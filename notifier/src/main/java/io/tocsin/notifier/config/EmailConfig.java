package io.tocsin.notifier.config;

import io.tocsin.core.config.Secret;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * E-mail over SMTP (alertmanager.yml {@code email_configs}).
 *
 * @param to           recipients, at least one
 * @param host         the smarthost's name; port 465 means TLS from the first byte
 * @param hello        the name sent with EHLO, null for the local host name
 * @param authUsername null for no authentication
 * @param authPassword null when there is no authentication; the credential
 * @param requireTls   refuse to send unless the server offers STARTTLS (Alertmanager's default)
 * @param headers      extra headers; {@code Subject} replaces the generated subject
 * @param templates    the bodies given as templates ({@code html}, {@code text}); a body not given keeps
 *                     Tocsin's own rendering
 */
public record EmailConfig(
        List<String> to,
        String from,
        String host,
        int port,
        String hello,
        String authUsername,
        Secret authPassword,
        boolean requireTls,
        Map<String, String> headers,
        boolean sendResolved,
        MessageTemplates templates)
        implements ChannelConfig {
    public static final String KIND = "email";

    public EmailConfig {
        to = List.copyOf(to);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(host, "host");
        headers = Map.copyOf(headers);
        templates = templates == null ? MessageTemplates.NONE : templates;
        if (to.isEmpty()) {
            throw new IllegalArgumentException("an e-mail config needs at least one recipient");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (authUsername != null && authPassword == null) {
            throw new IllegalArgumentException("auth_username needs a password");
        }
    }

    public EmailConfig(
            List<String> to,
            String from,
            String host,
            int port,
            String hello,
            String authUsername,
            Secret authPassword,
            boolean requireTls,
            Map<String, String> headers,
            boolean sendResolved) {
        this(
                to,
                from,
                host,
                port,
                hello,
                authUsername,
                authPassword,
                requireTls,
                headers,
                sendResolved,
                MessageTemplates.NONE);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
