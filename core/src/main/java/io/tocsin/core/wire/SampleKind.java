package io.tocsin.core.wire;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a sample's value means; counters are turned into deltas by the rules stage. */
public enum SampleKind {
    GAUGE,
    COUNTER,
    HISTOGRAM_BUCKET,
    SUMMARY_QUANTILE,
    UNTYPED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SampleKind fromWire(String s) {
        for (SampleKind k : values()) {
            if (k.wireName().equals(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown sample kind '" + s + "'");
    }
}
