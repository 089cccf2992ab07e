package io.tocsin.tests.notifier.amdiff;

import java.util.ArrayList;
import java.util.List;

/** Alertmanager's notifications of one scenario next to Tocsin's, and every way they differ. */
record Comparison(
        Scenario scenario,
        List<Notification> alertmanager,
        List<Notification> tocsin,
        List<String> problems,
        List<String> late) {
    /** How far apart the same notification may arrive from the two systems. */
    /**
     * Wide enough for a shared 2-core machine running both systems and the broker, narrow enough
     * to tell a wrong moment: a notification on the wrong tick is a group_interval (4 s) off, one
     * timed from the wrong origin at least a second. The offsets themselves are logged per scenario
     * and reported in BENCHMARKS.md (the goal there is 100 ms).
     */
    static final long TOLERANCE_MILLIS = Long.getLong("tocsin.amdiff.toleranceMillis", 500);

    /**
     * Pairs the notifications of each (receiver, group) in the order each system sent them: two
     * groups flushed at the same tick may reach their receivers in either order.
     */
    static Comparison of(Scenario s, List<Notification> amSent, List<Notification> tocsinSent) {
        List<Notification> am = byGroup(amSent);
        List<Notification> tocsin = byGroup(tocsinSent);
        List<String> problems = new ArrayList<>();
        List<String> late = new ArrayList<>();
        String name = s.name();
        if (am.isEmpty()) {
            problems.add(name + ": Alertmanager sent nothing; the scenario proves nothing");
        }
        if (am.size() != tocsin.size()) {
            problems.add(name + ": Alertmanager sent " + am.size() + " notifications, Tocsin " + tocsin.size());
        }
        for (int i = 0; i < Math.min(am.size(), tocsin.size()); i++) {
            Notification a = am.get(i);
            Notification t = tocsin.get(i);
            String what = name + " #" + (i + 1);
            if (!a.receiver().equals(t.receiver())
                    || !a.status().equals(t.status())
                    || !a.groupKey().equals(t.groupKey())
                    || !a.alerts().equals(t.alerts())) {
                problems.add(what + ": Alertmanager " + a.line() + " / Tocsin " + t.line());
                continue;
            }
            if (!a.body().equals(t.body())) {
                problems.add(what + " body: Alertmanager " + a.body().encode() + " / Tocsin "
                        + t.body().encode());
            }
            long delta = t.offsetMillis() - a.offsetMillis();
            if (Math.abs(delta) > TOLERANCE_MILLIS) {
                late.add(what + ": Tocsin arrived " + delta + " ms from Alertmanager (" + a.line() + ")");
            }
        }
        return new Comparison(s, am, tocsin, problems, late);
    }

    private static List<Notification> byGroup(List<Notification> sent) {
        return sent.stream()
                .sorted(java.util.Comparator.comparing((Notification n) -> n.receiver() + " " + n.groupKey())
                        .thenComparingLong(Notification::offsetMillis))
                .toList();
    }

    /** Each notification with both systems' arrival offsets, for the log and BENCHMARKS. */
    String report() {
        StringBuilder b = new StringBuilder(scenario.name())
                .append(problems.isEmpty() ? ": matches" : ": DIFFERS")
                .append(late.isEmpty() ? "" : " (late)");
        for (int i = 0; i < Math.max(alertmanager.size(), tocsin.size()); i++) {
            b.append("\n  #").append(i + 1).append(' ');
            b.append(i < alertmanager.size() ? "am " + alertmanager.get(i).line() : "am -");
            b.append(" | tocsin ")
                    .append(i < tocsin.size() ? "+" + tocsin.get(i).offsetMillis() + "ms" : "-");
        }
        problems.forEach(p -> b.append("\n  ! ").append(p));
        late.forEach(p -> b.append("\n  ~ ").append(p));
        return b.toString();
    }
}
