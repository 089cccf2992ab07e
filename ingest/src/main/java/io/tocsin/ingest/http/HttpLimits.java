package io.tocsin.ingest.http;

import java.time.Duration;

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
public record HttpLimits(int bodyLimitBytes, long bufferLimitBytes, int maxConnections, Duration headerTimeout,
        Duration bodyTimeout, Duration idleTimeout) {

    public static final long DEFAULT_BUFFER_LIMIT_BYTES = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 512;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

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

    /** The defaults around a given body limit. */
    public static HttpLimits withBodyLimit(int bodyLimitBytes) {
        return new HttpLimits(bodyLimitBytes, Math.max(DEFAULT_BUFFER_LIMIT_BYTES, bodyLimitBytes),
                DEFAULT_MAX_CONNECTIONS, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }
}
