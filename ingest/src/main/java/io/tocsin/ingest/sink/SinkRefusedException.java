package io.tocsin.ingest.sink;

/**
 * A batch that Kafka did not take, and why. The message is safe to show a client: it names the
 * kind of failure, never an address, credential or stack trace. The client may retry unless the
 * reason is {@link Reason#TOO_LARGE}.
 */
public final class SinkRefusedException extends RuntimeException {

    public enum Reason {
        /** Too many samples already wait for Kafka's acknowledgement; nothing of this batch was sent. */
        OVERLOADED,
        /** Kafka could not be reached or did not acknowledge every record of the batch. */
        KAFKA_UNAVAILABLE,
        /**
         * A record is larger than Kafka takes (RecordTooLargeException, or our own check before
         * sending): the request's fault, permanent, and no sign that Kafka is unwell.
         */
        TOO_LARGE
    }

    private final Reason reason;

    SinkRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
