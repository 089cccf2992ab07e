package io.tocsin.notifier.channel;

import io.tocsin.notifier.config.HttpConfig;
import io.vertx.ext.web.client.HttpRequest;

/** Puts a receiver's http_config credentials on a request, as Alertmanager's HTTP client does. */
public final class HttpAuth {
    private HttpAuth() {}

    public static <T> HttpRequest<T> apply(HttpRequest<T> request, HttpConfig http) {
        if (http != null && http.authorizes()) {
            request.putHeader("Authorization", http.authorization().reveal());
        }
        return request;
    }
}
