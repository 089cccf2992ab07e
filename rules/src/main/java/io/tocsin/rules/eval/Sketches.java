package io.tocsin.rules.eval;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Quantiles of raw values through DDSketch: every quantile it answers is within 1% of a true
 * value, and two sketches merge exactly, so stage 1 and stage 2 can combine them like sums.
 * Sketches travel as Base64 text inside a partial.
 */
public final class Sketches {
    public static final double RELATIVE_ACCURACY = 0.01;

    private Sketches() {}

    public static String of(double value) {
        DDSketch s = DDSketches.unboundedDense(RELATIVE_ACCURACY);
        s.accept(value);
        return encode(s);
    }

    public static String merge(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        DDSketch s = decode(a);
        s.mergeWith(decode(b));
        return encode(s);
    }

    /** NaN when the sketch is absent or empty. */
    public static double quantile(String sketch, double q) {
        if (sketch == null) {
            return Double.NaN;
        }
        DDSketch s = decode(sketch);
        return s.isEmpty() ? Double.NaN : s.getValueAtQuantile(q);
    }

    private static String encode(DDSketch s) {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            s.encode(out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.trimmedCopy());
    }

    private static DDSketch decode(String text) {
        try {
            return DDSketch.decode(ByteArrayInput.wrap(Base64.getDecoder().decode(text)), UnboundedSizeDenseStore::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
