package io.tocsin.tests.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Where the stream thread's time goes, second by second, read from the metrics Kafka publishes
 * over JMX: the share of the second spent polling, processing, punctuating and committing, the
 * slowest commit, and the producer's time in transaction commits. For finding what a latency
 * tail lines up with; printed only when the bench runs with -Dbench.pulse=true.
 */
public final class StreamsPulse implements AutoCloseable {
    private static final String[] COUNTERS = {
        "txn-commit-time-ns-total",
        "flush-time-ns-total",
        "txn-send-offsets-time-ns-total",
        "bufferpool-wait-time-ns-total"
    };
    private final Thread thread;
    private volatile boolean running = true;

    private StreamsPulse() {
        thread = new Thread(this::run, "streams-pulse");
        thread.setDaemon(true);
        thread.start();
    }

    public static AutoCloseable startIfAsked() {
        return Boolean.getBoolean("bench.pulse") ? new StreamsPulse() : () -> {};
    }

    private void run() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Double> last = new HashMap<>();
        long start = System.nanoTime();
        try {
            while (running) {
                Thread.sleep(1000);
                StringBuilder line =
                        new StringBuilder(String.format("pulse %5.1fs", (System.nanoTime() - start) / 1e9));
                for (ObjectName name :
                        server.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
                    String id = name.getKeyProperty("thread-id");
                    if (Double.isNaN(number(server, name, "commit-total"))) {
                        continue; // a thread that is gone
                    }
                    line.append(String.format(
                            " cpu=%.2f records=%.0f commits=%.0f commit-max=%.0fms polls=%.0f blocked=%.0fms",
                            delta(last, id + "cpu", threadCpuNanos(id)) / 1e9,
                            delta(last, id + "process", number(server, name, "process-total")),
                            delta(last, id + "commit", number(server, name, "commit-total")),
                            number(server, name, "commit-latency-max"),
                            delta(last, id + "poll", number(server, name, "poll-total")),
                            delta(last, id + "blocked", number(server, name, "blocked-time-ns-total")) / 1e6));
                }
                Set<ObjectName> producers =
                        server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null);
                for (String counter : COUNTERS) {
                    double sum = 0;
                    for (ObjectName p : producers) {
                        if (p.getKeyProperty("client-id").contains("StreamThread")) {
                            sum += number(server, p, counter);
                        }
                    }
                    line.append(String.format(
                            " %s=%.0fms", counter.replace("-time-ns-total", ""), delta(last, counter, sum) / 1e6));
                }
                System.out.println(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.out.println("pulse stopped: " + e);
        }
    }

    private static double threadCpuNanos(String threadId) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().equals(threadId)) {
                return threads.getThreadCpuTime(t.getThreadId());
            }
        }
        return Double.NaN;
    }

    private static double delta(Map<String, Double> last, String key, double now) {
        Double before = last.put(key, now);
        return before == null ? 0 : now - before;
    }

    private static double number(MBeanServer server, ObjectName name, String attribute) {
        try {
            Object v = server.getAttribute(name, attribute);
            return v instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
