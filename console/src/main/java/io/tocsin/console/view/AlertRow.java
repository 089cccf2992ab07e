package io.tocsin.console.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One alert as the Alerts page shows it.
 *
 * @param state       active, pending, silenced, inhibited, muted or acknowledged: what stops it (or not)
 * @param value       the rule's current value, or "" when the rules service does not hold it
 * @param forProgress for a pending alert, how far through {@code for} it is ("40s of 1m"); else ""
 * @param escalation  "step 2 next in 4m" or "" without an escalation policy
 */
public record AlertRow(
        String fingerprint,
        Map<String, String> labels,
        String summary,
        String startsAt,
        String since,
        String value,
        String rule,
        String state,
        List<String> receivers,
        List<String> silencedBy,
        List<String> inhibitedBy,
        List<String> mutedBy,
        String ackBy,
        String ackComment,
        String escalation,
        String forProgress,
        int forPercent) {

    public AlertRow {
        labels = Map.copyOf(labels);
        receivers = List.copyOf(receivers);
        silencedBy = List.copyOf(silencedBy);
        inhibitedBy = List.copyOf(inhibitedBy);
        mutedBy = List.copyOf(mutedBy);
    }

    public String alertname() {
        return labels.getOrDefault("alertname", "");
    }

    /** The labels to show beside the name: every one but alertname. */
    public Map<String, String> otherLabels() {
        java.util.TreeMap<String, String> out = new java.util.TreeMap<>(labels);
        out.remove("alertname");
        return out;
    }

    public String detailLink() {
        return fingerprint.isEmpty() ? "" : "/alerts/" + enc(fingerprint);
    }

    public String silenceLink() {
        return "/silences/new?matchers=" + enc(LabelText.matchers(labels));
    }

    public String whyLink() {
        return "/why?match=" + enc(LabelText.selector(labels));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
