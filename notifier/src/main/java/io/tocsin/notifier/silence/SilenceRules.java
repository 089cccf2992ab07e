package io.tocsin.notifier.silence;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What makes a silence acceptable, as a pure check returning every problem found. */
public final class SilenceRules {
    private SilenceRules() {}

    /**
     * @param force accept a silence whose matchers would match every alert
     * @return the problems, empty when the silence may be stored
     */
    /** Alertmanager's matchesEmpty: = "" and regexes matching "" do; negative matchers never do. */
    static boolean matchesEmpty(SilenceMatcher m) {
        if (!m.isEqual()) {
            return false;
        }
        return m.toMatcher().matches(Labels.EMPTY);
    }

    public static List<String> problems(
            List<SilenceMatcher> matchers, Instant startsAt, Instant endsAt, boolean force) {
        List<String> out = new ArrayList<>();
        if (matchers == null || matchers.isEmpty()) {
            out.add("a silence needs at least one matcher");
            return out;
        }
        List<Matcher> compiled = new ArrayList<>();
        for (int i = 0; i < matchers.size(); i++) {
            SilenceMatcher m = matchers.get(i);
            if (m == null) {
                out.add("matchers[" + i + "] is null");
                continue;
            }
            try {
                compiled.add(m.toMatcher());
            } catch (IllegalArgumentException e) {
                out.add("matchers[" + i + "]: " + e.getMessage());
            }
        }
        if (startsAt == null || endsAt == null) {
            out.add("startsAt and endsAt are required");
        } else if (!endsAt.isAfter(startsAt)) {
            out.add("endsAt must be after startsAt");
        }
        // Alertmanager's rule (silence.validateSilence): at least one matcher must not match the
        // empty string, where a negative matcher never counts as matching it. So {instance!="x"}
        // alone is accepted, as Alertmanager accepts it; {instance=~".*"} alone is not.
        if (out.isEmpty() && !force && matchers.stream().allMatch(SilenceRules::matchesEmpty)) {
            out.add("at least one matcher must not match the empty string (or force it)");
        }
        return out;
    }
}
