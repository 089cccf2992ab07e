package io.tocsin.notifier.route;

import java.util.List;

/** A route's {@code mute_time_intervals} and {@code active_time_intervals}, by name; not inherited. */
public record TimeMuting(List<String> mute, List<String> active) {
    public static final TimeMuting NONE = new TimeMuting(List.of(), List.of());

    public TimeMuting {
        mute = mute == null ? List.of() : List.copyOf(mute);
        active = active == null ? List.of() : List.copyOf(active);
    }
}
