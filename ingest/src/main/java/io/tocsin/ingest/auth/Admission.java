package io.tocsin.ingest.auth;

/** The answer to "may this client write this batch": yes, or the status, reason and wait to give it. */
public sealed interface Admission {
    Admission ADMITTED = new Admitted();

    record Admitted() implements Admission {}

    /** @param retryAfterSeconds null when retrying cannot help */
    record Refused(int status, String reason, Integer retryAfterSeconds) implements Admission {}
}
