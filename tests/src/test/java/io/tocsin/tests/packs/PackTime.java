package io.tocsin.tests.packs;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the packs' rules and routing on a faster clock: every duration in the YAML is divided by
 * a factor, rounded to whole seconds and at least one second unless it was zero. Windows (and
 * baselines) get their own, smaller factor so that each still spans a dozen samples beyond the
 * rules' one-second settle time, as a 1m window spans four 15 s scrapes; waits (for, escalation,
 * group timers) get the larger one. Selectors, aggregates, conditions, labels, annotations,
 * routes, inhibition and escalation stay exactly as shipped; only time is compressed.
 */
final class PackTime {
    private static final Pattern DURATION_FIELD = Pattern.compile(
            "^(\\s*-?\\s*(window|for|keep_firing_for|baseline|grace|wait|group_wait|group_interval|repeat_interval|resolve_wait):\\s*)(\\d+)(ms|s|m|h|d)\\b",
            Pattern.MULTILINE);

    private PackTime() {}

    static String compress(String yaml, long windowFactor, long waitFactor) {
        Matcher m = DURATION_FIELD.matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long factor = m.group(2).equals("window") || m.group(2).equals("baseline") ? windowFactor : waitFactor;
            long ms = Long.parseLong(m.group(3))
                    * switch (m.group(4)) {
                        case "ms" -> 1L;
                        case "s" -> 1_000L;
                        case "m" -> 60_000L;
                        case "h" -> 3_600_000L;
                        default -> 86_400_000L;
                    };
            long seconds = ms == 0 ? 0 : Math.max(1, Math.round(ms / 1000.0 / factor));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + seconds + "s"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
