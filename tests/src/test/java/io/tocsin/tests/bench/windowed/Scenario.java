package io.tocsin.tests.bench.windowed;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The numbers both systems see, per instance: 200 requests/s whose 5xx share goes 0.2 % → 5 %,
 * half of them taking 2 s instead of 50 ms, a replica lag of 1 s → 45 s and a database health
 * of 1 → 0, all during the instance's breach; its own breach start, so breaches fall at every
 * phase of the second and of the rules' buckets. One tick a second appends what each instance
 * serves.
 */
final class Scenario {
    static final double RPS = 200;

    final int instances;
    final long breachStartMs;
    final long staggerMs;
    final long breachMs;
    private final List<List<WindowMath.Tick>> ticks = new ArrayList<>();

    Scenario(int instances, long breachStartMs, long staggerMs, long breachMs) {
        this.instances = instances;
        this.breachStartMs = breachStartMs;
        this.staggerMs = staggerMs;
        this.breachMs = breachMs;
        for (int i = 0; i < instances; i++) {
            ticks.add(new ArrayList<>());
        }
    }

    static String instance(int i) {
        return "web-" + i;
    }

    long breachOf(int i) {
        return breachStartMs + i * staggerMs;
    }

    boolean breaching(int i, long ts) {
        return ts >= breachOf(i) && ts < breachOf(i) + breachMs;
    }

    long lastRecoveryMs() {
        return breachOf(instances - 1) + breachMs;
    }

    /** Appends every instance's next tick at {@code ts}. */
    synchronized void tick(long ts) {
        for (int i = 0; i < instances; i++) {
            List<WindowMath.Tick> list = ticks.get(i);
            WindowMath.Tick prev = list.isEmpty()
                    ? new WindowMath.Tick(ts, 0, 0, new double[WindowMath.LE.length], 1, 1)
                    : list.get(list.size() - 1);
            boolean bad = breaching(i, ts);
            double errShare = bad ? 0.05 : 0.002;
            double slow = bad ? RPS / 2 : 0; // at 2 s: bucket le=2.5
            double[] buckets = prev.buckets().clone();
            for (int b = 0; b < buckets.length; b++) {
                buckets[b] += WindowMath.LE[b] >= 2.5 ? RPS : RPS - slow;
            }
            list.add(new WindowMath.Tick(
                    ts,
                    prev.ok() + RPS * (1 - errShare),
                    prev.err() + RPS * errShare,
                    buckets,
                    bad ? 45 : 1,
                    bad ? 0 : 1));
        }
    }

    synchronized List<WindowMath.Tick> ticksOf(int i) {
        return List.copyOf(ticks.get(i));
    }

    /** The first tick of the instance at or after {@code ms}: when its data actually changed. */
    synchronized long firstTickAtOrAfter(int i, long ms) {
        for (WindowMath.Tick t : ticks.get(i)) {
            if (t.ts() >= ms) {
                return t.ts();
            }
        }
        return -1;
    }

    /** The latest tick as Prometheus text exposition (instance as a label: scraped with honor_labels). */
    synchronized String exposition() {
        StringBuilder b = new StringBuilder();
        b.append("# TYPE http_requests_total counter\n");
        forEachLatest((i, t) -> {
            b.append(line("http_requests_total", i, "code=\"200\"", t.ok()));
            b.append(line("http_requests_total", i, "code=\"500\"", t.err()));
        });
        forEachLatest((i, t) -> {
            for (int k = 0; k < WindowMath.LE.length; k++) {
                b.append(line("http_request_duration_seconds_bucket", i, "le=\"" + le(k) + "\"", t.buckets()[k]));
            }
        });
        b.append("# TYPE replica_lag_seconds gauge\n");
        forEachLatest((i, t) -> b.append(line("replica_lag_seconds", i, null, t.lag())));
        b.append("# TYPE db_health gauge\n");
        forEachLatest((i, t) -> b.append(line("db_health", i, null, t.health())));
        return b.toString();
    }

    /** The latest tick as a POST /v1/samples body, stamped with the tick's time. */
    synchronized String samplesJson() {
        StringBuilder b = new StringBuilder("{\"samples\":[");
        forEachLatest((i, t) -> {
            sample(b, "http_requests_total", i, "\"code\":\"200\"", t.ok(), t.ts());
            sample(b, "http_requests_total", i, "\"code\":\"500\"", t.err(), t.ts());
            for (int k = 0; k < WindowMath.LE.length; k++) {
                sample(
                        b,
                        "http_request_duration_seconds_bucket",
                        i,
                        "\"le\":\"" + le(k) + "\"",
                        t.buckets()[k],
                        t.ts());
            }
            sample(b, "replica_lag_seconds", i, null, t.lag(), t.ts());
            sample(b, "db_health", i, null, t.health(), t.ts());
        });
        b.setLength(b.length() - 1);
        return b.append("]}").toString();
    }

    private interface Latest {
        void accept(int instance, WindowMath.Tick tick);
    }

    private void forEachLatest(Latest f) {
        for (int i = 0; i < instances; i++) {
            List<WindowMath.Tick> list = ticks.get(i);
            if (!list.isEmpty()) {
                f.accept(i, list.get(list.size() - 1));
            }
        }
    }

    private static String le(int k) {
        double v = WindowMath.LE[k];
        return Double.isInfinite(v) ? "+Inf" : String.valueOf(v);
    }

    private static String line(String name, int i, String extra, double value) {
        return name + "{instance=\"" + instance(i) + "\"" + (extra == null ? "" : "," + extra) + "} "
                + String.format(Locale.ROOT, "%.3f", value) + "\n";
    }

    private static void sample(StringBuilder b, String name, int i, String extra, double value, long ts) {
        b.append("{\"name\":\"")
                .append(name)
                .append("\",\"labels\":{\"instance\":\"")
                .append(instance(i))
                .append('"')
                .append(extra == null ? "" : "," + extra)
                .append("},\"value\":")
                .append(String.format(Locale.ROOT, "%.3f", value))
                .append(",\"timestamp\":")
                .append(ts)
                .append("},");
    }
}
