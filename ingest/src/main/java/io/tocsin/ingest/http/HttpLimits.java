package io.tocsin.ingest.http;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import java.time.Duration;
import java.util.Map;

/**
 * What one client, and all of them together, may cost ingest's HTTP server. Every limit answers
 * the client with a status (see the README's "Limits" table) instead of letting memory or file
 * descriptors grow.
 *
 * @param bodyLimitBytes one request body; a larger one is refused with 413 (before it is read
 *     when Content-Length says so). With HTTP/1.1 and no h2c, a connection carries one request
 *     at a time, so this is also the most one connection buffers
 * @param bufferLimitBytes request bodies buffered at once across every connection; a request that
 *     would go past it is refused with 503 and Retry-After before its body is read
 * @param maxConnections open connections; one more is closed at once
 * @param headerTimeout from connection (or end of the previous response) to a complete request
 *     head; past it the connection is closed
 * @param bodyTimeout from the request head to the last byte of its body; past it 408 and close
 * @param idleTimeout a connection on which nothing is read or written for this long is closed: a
 *     backstop (a kept-alive connection waits for its next head under the header timeout), so it
 *     stays above Kafka's 30 s delivery timeout, or a request waiting for Kafka would be cut
 *     instead of answered 503
 */
public record HttpLimits(
        int bodyLimitBytes,
        long bufferLimitBytes,
        int maxConnections,
        Duration headerTimeout,
        Duration bodyTimeout,
        Duration idleTimeout) {

    public HttpLimits {
        if (bodyLimitBytes <= 0 || bufferLimitBytes <= 0 || maxConnections <= 0) {
            throw new IllegalArgumentException("body limit, buffer limit and connection limit must be positive");
        }
        if (bufferLimitBytes < bodyLimitBytes) {
            throw new IllegalArgumentException("the buffer limit (" + bufferLimitBytes
                    + " bytes) must hold at least one body of the body limit (" + bodyLimitBytes + " bytes)");
        }
        for (Duration d : new Duration[] {headerTimeout, bodyTimeout, idleTimeout}) {
            if (d == null || d.toMillis() <= 0) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
    }

    /**
     * TOCSIN_INGEST_BODY_LIMIT_BYTES, _BUFFER_LIMIT_BYTES, _MAX_CONNECTIONS, _HEADER_TIMEOUT,
     * _BODY_TIMEOUT and _IDLE_TIMEOUT over their defaults; the buffer holds at least one body.
     */
    public static HttpLimits fromEnv(Env env) {
        int body = env.integer(Setting.TOCSIN_INGEST_BODY_LIMIT_BYTES);
        long buffer = env.given(Setting.TOCSIN_INGEST_BUFFER_LIMIT_BYTES).isPresent()
                ? env.longInteger(Setting.TOCSIN_INGEST_BUFFER_LIMIT_BYTES)
                : Math.max(env.longInteger(Setting.TOCSIN_INGEST_BUFFER_LIMIT_BYTES), body);
        return new HttpLimits(
                body,
                buffer,
                env.integer(Setting.TOCSIN_INGEST_MAX_CONNECTIONS),
                env.duration(Setting.TOCSIN_INGEST_HEADER_TIMEOUT),
                env.duration(Setting.TOCSIN_INGEST_BODY_TIMEOUT),
                env.duration(Setting.TOCSIN_INGEST_IDLE_TIMEOUT));
    }

    /** The defaults around a given body limit. */
    public static HttpLimits withBodyLimit(int bodyLimitBytes) {
        return fromEnv(new Env(Map.of(Setting.TOCSIN_INGEST_BODY_LIMIT_BYTES.name(), String.valueOf(bodyLimitBytes))));
    }
}
