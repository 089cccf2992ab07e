package io.tocsin.notifier.route;

import io.tocsin.core.wire.Labels;
import java.util.List;

/**
 * Which labels split a route's alerts into groups: the listed names, or every label when the
 * config says {@code group_by: ['...']}. No names at all puts every alert of the route in one group.
 */
public record GroupBy(boolean allLabels, List<String> names) {
    public static final GroupBy NONE = new GroupBy(false, List.of());
    public static final GroupBy ALL = new GroupBy(true, List.of());

    public GroupBy {
        names = List.copyOf(names);
        if (allLabels && !names.isEmpty()) {
            throw new IllegalArgumentException("group by all labels takes no names");
        }
    }

    public static GroupBy of(String... names) {
        return new GroupBy(false, List.of(names));
    }

    public Labels select(Labels labels) {
        return allLabels ? labels : labels.only(names);
    }
}
