package io.tocsin.ingest.http;

import java.util.Locale;

/** Why a request was refused: the {@code reason} tag of tocsin_ingest_requests_rejected_total. */
enum Rejection {
    BAD_REQUEST,
    UNAUTHORIZED,
    FORBIDDEN,
    RATE_LIMITED,
    SERIES_LIMIT,
    TOO_LARGE,
    /** A request head or body not complete within its timeout. */
    TIMEOUT,
    /** A connection closed at once because the connection limit was reached. */
    TOO_MANY_CONNECTIONS,
    OVERLOADED,
    KAFKA_UNAVAILABLE;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
