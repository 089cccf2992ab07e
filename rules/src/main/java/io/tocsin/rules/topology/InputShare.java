package io.tocsin.rules.topology;

import io.tocsin.rules.model.Aggregation;
import io.tocsin.rules.model.Rule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Rules that turn a sample into the very same partial: same selection, ratio denominator,
 * grouping, bucket width, and the same parts of a partial read the same way (plain values,
 * counter increases, a line, a sketch or histogram buckets). A warning/critical pair, or the
 * avg and the max of one metric, then cost stage 1 one combine update per sample, not one per
 * rule; stage 2 keeps one window ring for all of them and evaluates each rule over it.
 *
 * @param id    a digest of what the rules share: stable across restarts, so a stored partial
 *              finds its rules again after a crash
 * @param rules every rule of the share; the first one's selection and function stand for all of them
 */
record InputShare(String id, List<Rule> rules) {
    InputShare {
        rules = List.copyOf(rules);
    }

    Rule first() {
        return rules.get(0);
    }

    List<String> ruleIds() {
        return rules.stream().map(Rule::id).toList();
    }

    /** What makes two rules' partials identical for every sample. */
    static String signature(Rule r) {
        return r.select() + "|" + r.over() + "|" + (r.without() ? "without" : "by") + r.by() + "|" + r.bucketMs() + "|"
                + shape(r.aggregate()) + "|" + r.aggregate().readsCounters();
    }

    static String id(String signature) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(signature.getBytes(StandardCharsets.UTF_8));
            return "share:" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which parts of a partial a sample fills in; see SamplePartials. */
    private static String shape(Aggregation fn) {
        return switch (fn) {
            case DERIV, PREDICT_LINEAR -> "line";
            case QUANTILE -> "sketch";
            case HISTOGRAM_QUANTILE -> "le";
            case PROM_RATE, PROM_INCREASE, PROM_DELTA, PROM_HISTOGRAM_QUANTILE -> "runs";
            default -> "plain";
        };
    }
}
