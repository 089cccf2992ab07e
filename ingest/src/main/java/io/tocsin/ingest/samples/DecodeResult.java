package io.tocsin.ingest.samples;

import io.tocsin.core.wire.LogRecord;
import io.tocsin.core.wire.Sample;
import java.util.List;

/**
 * A request body is either a whole valid batch or refused as a whole, with one precise reason.
 * Whatever the receiver, a batch is samples for tocsin.samples.v1 and log records for
 * tocsin.logs.v1 (an event may be both).
 */
public sealed interface DecodeResult {

    record Accepted(List<Sample> samples, List<LogRecord> logs) implements DecodeResult {
        public Accepted {
            samples = List.copyOf(samples);
            logs = List.copyOf(logs);
        }

        public Accepted(List<Sample> samples) {
            this(samples, List.of());
        }

        public static Accepted logs(List<LogRecord> logs) {
            return new Accepted(List.of(), logs);
        }

        /** How many Kafka records this batch becomes. */
        public int size() {
            return samples.size() + logs.size();
        }
    }

    /**
     * @param reason names the item and field, e.g. {@code samples[3].value: must be a JSON number}
     * @param status 400, or 415 for a body in a format this receiver does not speak
     */
    record Rejected(String reason, int status) implements DecodeResult {
        public Rejected(String reason) {
            this(reason, 400);
        }
    }
}
