package io.tocsin.notifier.provenance;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.inhibit.InhibitRule;
import io.tocsin.notifier.inhibit.Inhibition;
import io.tocsin.notifier.silence.Silence;
import io.tocsin.notifier.timeinterval.TimeInterval;
import io.tocsin.notifier.timeinterval.TimeIntervals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which silences, inhibition and time intervals mute an alert at an instant, by name, with the
 * same rules dispatch applies (it asks the same {@link Silence#mutes}, {@link Inhibition} and
 * {@link TimeIntervals}). Pure.
 */
public final class Mutes {
    private Mutes() {}

    /** A source alert that inhibits, and the index of the first inhibit rule that lets it. */
    public record Inhibitor(Alert source, int ruleIndex, InhibitRule rule) {}

    /** Every silence in force at {@code at} whose matchers all match, in the given order. */
    public static List<Silence> silencing(List<Silence> silences, Labels labels, Instant at) {
        return silences.stream().filter(s -> s.mutes(labels, at)).toList();
    }

    /** The first rule (by config order) and source alert that inhibit the target at {@code at}, or null. */
    public static Inhibitor inhibitor(List<InhibitRule> rules, Alert target, List<Alert> sources, Instant at) {
        for (int i = 0; i < rules.size(); i++) {
            String fp = Inhibition.inhibitor(List.of(rules.get(i)), target, sources, at);
            if (fp != null) {
                for (Alert s : sources) {
                    if (s.fingerprint().equals(fp)) {
                        return new Inhibitor(s, i, rules.get(i));
                    }
                }
            }
        }
        return null;
    }

    /**
     * The time intervals that mute a route at {@code at}: each mute interval it is inside, or, when
     * the route has active intervals and is inside none, those (prefixed {@code outside:}). Empty
     * when the route is not muted.
     */
    public static List<String> timeMutedBy(
            Map<String, List<TimeInterval>> named, List<String> mute, List<String> active, Instant at) {
        List<String> out = new ArrayList<>();
        for (String n : mute) {
            if (TimeIntervals.muted(named, List.of(n), List.of(), at)) {
                out.add(n);
            }
        }
        if (!active.isEmpty() && TimeIntervals.muted(named, List.of(), active, at)) {
            active.forEach(n -> out.add("outside:" + n));
        }
        return out;
    }
}
