package io.tocsin.tests.notifier.amdiff;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** How long after group_wait each group's first notification arrived: median, p99, max (ms). */
record Delays(int count, long median, long p99, long max) {

    /** @param posted when the alert named {@code alertname} with label {@code n} was posted, by n */
    static Delays of(List<RecordingWebhook.Arrival> arrivals, String alertname, long[] posted, long groupWaitMillis) {
        List<Long> delays = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (RecordingWebhook.Arrival a : arrivals) {
            // The first firing of each group; resolve_timeout resolves them later.
            if (!a.path().equals("/delay") || !"firing".equals(a.body().getString("status"))) {
                continue;
            }
            JsonObject labels = a.body().getJsonArray("alerts").getJsonObject(0).getJsonObject("labels");
            if (!alertname.equals(labels.getString("alertname"))) {
                continue;
            }
            int n = Integer.parseInt(labels.getString("n"));
            if (!seen.add(n)) {
                continue;
            }
            delays.add(a.atMillis() - posted[n] - groupWaitMillis);
        }
        if (delays.isEmpty()) {
            return new Delays(0, -1, -1, -1);
        }
        Collections.sort(delays);
        int size = delays.size();
        return new Delays(
                size,
                delays.get(size / 2),
                delays.get(Math.min(size - 1, (int) Math.ceil(size * 0.99) - 1)),
                delays.get(size - 1));
    }
}
