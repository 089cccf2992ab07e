package io.tocsin.notifier.dispatch;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.Labels;
import java.util.Comparator;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The order of alerts inside a notification, as Alertmanager sorts a group's alerts before it
 * flushes them ({@code types.AlertSlice}): by the {@code job} label, then {@code instance} (an
 * alert without one comes after those with it), then by the whole label set (fewer labels
 * first, then label by label in name order). Firing and resolved alerts are mixed, as there.
 */
public final class AlertOrder {
    public static final Comparator<Alert> ALERTMANAGER = AlertOrder::compare;

    private AlertOrder() {}

    static int compare(Alert a, Alert b) {
        for (String key : new String[] {"job", "instance"}) {
            String x = a.labels().get(key);
            String y = b.labels().get(key);
            if (x == null && y == null) {
                continue;
            }
            if (x == null) {
                return 1;
            }
            if (y == null) {
                return -1;
            }
            int c = x.compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return compareLabelSets(a.labels(), b.labels());
    }

    /** Prometheus' {@code LabelSet.Before}, as a comparison. */
    static int compareLabelSets(Labels a, Labels b) {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        SortedMap<String, String> x = a.map();
        SortedMap<String, String> y = b.map();
        TreeSet<String> names = new TreeSet<>(x.keySet());
        names.addAll(y.keySet());
        for (String name : names) {
            String xv = x.get(name);
            String yv = y.get(name);
            if (xv == null) {
                return -1;
            }
            if (yv == null) {
                return 1;
            }
            int c = xv.compareTo(yv);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
