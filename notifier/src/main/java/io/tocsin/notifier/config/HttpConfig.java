package io.tocsin.notifier.config;

import io.tocsin.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The part of alertmanager.yml's {@code http_config} Tocsin applies: the credentials a channel
 * sends with each request. TLS files and proxies need a client of their own per receiver and are
 * refused by the parser until delivery builds one.
 *
 * @param authorization the whole {@code Authorization} header value (scheme and credentials), or
 *                      null for none; a {@link Secret} so it never shows in logs
 */
public record HttpConfig(Secret authorization) {
    public static final HttpConfig NONE = new HttpConfig(null);

    static HttpConfig bearer(String type, Secret credentials) {
        return new HttpConfig(Secret.inline(type + " " + credentials.reveal()));
    }

    static HttpConfig basic(String username, Secret password) {
        String pair = username + ":" + (password == null ? "" : password.reveal());
        return new HttpConfig(
                Secret.inline("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
    }

    /** Whether a request carries an Authorization header. */
    public boolean authorizes() {
        return authorization != null;
    }

    /** The global http_config, overridden as a whole by a receiver's own (as Alertmanager does). */
    HttpConfig orElse(HttpConfig global) {
        return authorization == null ? global : this;
    }
}
