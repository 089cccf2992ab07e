package io.tocsin.rules.model;

import com.google.re2j.Pattern;
import io.tocsin.core.label.Selector;
import io.tocsin.core.wire.LogRecord;

/**
 * Which log lines a rule counts: streams chosen by label matchers, then lines that contain a
 * text or match a regex. The regex runs on RE2/J (linear time, unanchored like LogQL's |~), so a
 * user's pattern cannot stall evaluation on a hostile line.
 *
 * @param contains text the line must contain, or null
 * @param regex    a pattern the line must match somewhere, or null
 */
public record LogSelector(Selector stream, String contains, Pattern regex) {

    public boolean matches(LogRecord r) {
        if (!stream.matches(r.labels())) {
            return false;
        }
        if (contains != null && !r.line().contains(contains)) {
            return false;
        }
        return regex == null || regex.matcher(r.line()).find();
    }

    @Override
    public String toString() {
        return stream
                + (contains == null ? "" : " |= \"" + contains + "\"")
                + (regex == null ? "" : " |~ \"" + regex.pattern() + "\"");
    }
}
