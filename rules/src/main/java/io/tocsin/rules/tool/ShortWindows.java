package io.tocsin.rules.tool;

import io.tocsin.core.config.Durations;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.model.RuleSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows too short for how often their input arrives. A window is judged once its data can no
 * longer arrive; input that comes every {@code arrival} (a scrape interval, remote-write's 5 s
 * batch deadline) holds at most one batch in a window shorter than twice that: a max or an
 * average over it follows single batches, and a rate or a ratio needs two samples in the window
 * to say anything at all. Pure: table-tested.
 */
final class ShortWindows {
    /** Remote-write's default batch deadline: Prometheus sends what it has every 5 s. */
    static final Duration DEFAULT_ARRIVAL = Duration.ofSeconds(5);

    private ShortWindows() {}

    /** @return one warning per rule whose window is shorter than twice the arrival interval */
    static List<String> warnings(RuleSet rules, Duration arrival) {
        List<String> out = new ArrayList<>();
        Duration least = arrival.multipliedBy(2);
        for (Rule rule : rules.all()) {
            if (rule.window().compareTo(least) < 0) {
                out.add("warning: " + rule.id() + ": window " + Durations.format(rule.window())
                        + " is shorter than twice the input's expected arrival interval ("
                        + Durations.format(arrival) + "): it holds at most one arrival of data; use at least "
                        + Durations.format(least) + " (or say --arrival-interval=DURATION)");
            }
        }
        return out;
    }
}
