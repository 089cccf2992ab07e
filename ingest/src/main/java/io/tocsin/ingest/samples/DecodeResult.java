package io.tocsin.ingest.samples;

import io.tocsin.core.wire.Sample;
import java.util.List;

/** A request body is either a whole valid batch or refused as a whole, with one precise reason. */
public sealed interface DecodeResult {

    record Accepted(List<Sample> samples) implements DecodeResult {
        public Accepted {
            samples = List.copyOf(samples);
        }
    }

    /** @param reason names the item and field, e.g. {@code samples[3].value: must be a JSON number} */
    record Rejected(String reason) implements DecodeResult {}
}
