package io.tocsin.ops;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The metric families to expose for {@code /metrics?name[]=...}: the registry filters by family
 * name ({@code requests} for the samples {@code requests_total}), while a caller asks with the
 * names it sees in the exposition and selects in its rules ({@code requests_total},
 * {@code latency_seconds_bucket}). Each asked name stands for itself and, when it ends in a
 * sample suffix, for the family without it; asking for more than exists costs nothing.
 */
public final class MetricFamilies {
    private static final List<String> SAMPLE_SUFFIXES =
            List.of("_total", "_created", "_bucket", "_count", "_sum", "_info");

    private MetricFamilies() {}

    /** The family names to pass to the registry's scrape for these asked names. */
    public static Set<String> of(Collection<String> asked) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : asked) {
            if (name.isBlank()) {
                continue;
            }
            out.add(name);
            for (String suffix : SAMPLE_SUFFIXES) {
                if (name.endsWith(suffix) && name.length() > suffix.length()) {
                    out.add(name.substring(0, name.length() - suffix.length()));
                }
            }
        }
        return out;
    }
}
