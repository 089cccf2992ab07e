package io.tocsin.notifier.channel.email;

import io.tocsin.notifier.ack.AckLinks;
import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.MessageFields;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.config.EmailConfig;
import io.tocsin.notifier.template.Escape;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * E-mail through an SMTP smarthost with the Vert.x mail client: a plain-text and an HTML part
 * (multipart/alternative), STARTTLS required or opportunistic, optional login. One client (and
 * connection pool) per config. The whole send is bounded by the request timeout, because a
 * server that accepts the connection and never speaks would otherwise hold the attempt forever.
 */
public final class EmailChannel implements Channel {
    /** The implicit-TLS submission port (RFC 8314); anything else starts in plain text. */
    static final int SMTPS_PORT = 465;

    private final MailClient client;
    private final EmailConfig config;
    private final Duration timeout;
    private final AckLinks links;

    public EmailChannel(Vertx vertx, EmailConfig config, Duration timeout) {
        this(vertx, config, timeout, AckLinks.NONE);
    }

    /** @param links signs the acknowledge link each firing mail carries (when enabled) */
    public EmailChannel(Vertx vertx, EmailConfig config, Duration timeout, AckLinks links) {
        this.config = Objects.requireNonNull(config);
        this.timeout = Objects.requireNonNull(timeout);
        this.links = Objects.requireNonNull(links);
        this.client = MailClient.create(vertx, mailConfig(config, timeout));
    }

    static MailConfig mailConfig(EmailConfig c, Duration timeout) {
        MailConfig m = new MailConfig()
                .setHostname(c.host())
                .setPort(c.port())
                .setSsl(c.port() == SMTPS_PORT)
                .setStarttls(c.requireTls() ? StartTLSOptions.REQUIRED : StartTLSOptions.OPTIONAL)
                .setLogin(c.authUsername() == null ? LoginOption.DISABLED : LoginOption.REQUIRED);
        m.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        if (c.authUsername() != null) {
            // Alertmanager's methods; Vert.x would otherwise also try XOAUTH2 with the password.
            m.setUsername(c.authUsername())
                    .setPassword(c.authPassword().reveal())
                    .setAuthMethods("PLAIN LOGIN CRAM-MD5");
        }
        if (c.hello() != null) {
            m.setOwnHostname(c.hello());
        }
        return m;
    }

    @Override
    public Future<DeliveryResult> deliver(Notification notification) {
        // Whoever follows the link is recorded as the mail's recipients: the link is all they show.
        String ackUrl =
                links.linkFor(notification, String.join(", ", config.to())).orElse(null);
        EmailMessage.Parts parts = EmailMessage.render(notification, ackUrl);
        // Headers and bodies are templates in alertmanager.yml; text without {{ is taken as written.
        MessageFields fields = new MessageFields(config.templates(), notification);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        String subject = parts.subject();
        for (var h : config.headers().entrySet()) {
            String value = fields.text("headers." + h.getKey(), h.getValue(), Escape.NONE);
            // A rendered value must stay one line: a label value must not add headers.
            value = value == null ? h.getValue() : value.replaceAll("[\\r\\n]+", " ");
            if (h.getKey().equalsIgnoreCase("Subject")) {
                subject = value;
            } else {
                headers.add(h.getKey(), value);
            }
        }
        String text = parts.text();
        String html = parts.html();
        if (fields.has("text") || fields.has("html")) {
            // Alertmanager's bodies: html defaults to its email.default.html, text to none.
            text = fields.render("text", Escape.NONE);
            html = fields.renderOr("html", "{{ template \"email.default.html\" . }}", Escape.HTML);
            html = html == null ? parts.html() : html;
        }
        MailMessage message = new MailMessage()
                .setFrom(config.from())
                .setTo(config.to())
                .setSubject(subject)
                .setText(text)
                .setHtml(html);
        if (!headers.isEmpty()) {
            message.setHeaders(headers);
        }
        try {
            return client.sendMail(message)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .map(r -> DeliveryResult.delivered(
                            250,
                            "accepted by " + config.host() + " for "
                                    + r.getRecipients().size() + " recipient(s)"))
                    .otherwise(e -> SmtpOutcomes.classify(e, redact(String.valueOf(e.getMessage()))));
        } catch (RuntimeException e) {
            return Future.succeededFuture(DeliveryResult.permanent(null, "e-mail refused: " + redact(e.getMessage())));
        }
    }

    private String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = text.replaceAll("\\s+", " ");
        if (config.authPassword() != null && !config.authPassword().reveal().isEmpty()) {
            out = out.replace(config.authPassword().reveal(), "<redacted>");
        }
        return out.length() > 300 ? out.substring(0, 300) + "…" : out;
    }
}
