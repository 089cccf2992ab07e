package io.tocsin.tests.bench.idle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured window over several processes at once, so that every figure shares the machine's
 * load: CPU from /proc at both ends (nothing attaches to the processes meanwhile), RSS sampled
 * every 5 s, the live threads' CPU at both ends.
 */
final class Window {
    /** A process to measure, by label. */
    record Subject(String label, long pid, boolean jvm) {}

    /** One thread's share of the window. */
    record ThreadUse(String name, long ticks) {}

    /** What one process used in the window. */
    record Use(
            Subject subject,
            double seconds,
            long ticks,
            long rssAvgKib,
            long rssMaxKib,
            int threads,
            List<ThreadUse> threadUse) {
        double cpuPercent() {
            return 100.0 * ticks / ProcCpu.TICKS_PER_SECOND / seconds;
        }
    }

    private Window() {}

    static List<Use> measure(List<Subject> subjects, long seconds) {
        Map<Subject, Long> ticks0 = new LinkedHashMap<>();
        Map<Subject, Map<Integer, ProcCpu.ThreadTicks>> threads0 = new HashMap<>();
        Map<Subject, List<Long>> rss = new HashMap<>();
        long t0 = System.nanoTime();
        for (Subject s : subjects) {
            ticks0.put(s, ProcCpu.processTicks(s.pid()));
            threads0.put(s, ProcCpu.threads(s.pid()));
            rss.put(s, new ArrayList<>());
        }
        long end = t0 + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            subjects.forEach(s -> rss.get(s).add(ProcCpu.rssKib(s.pid())));
            Peer.sleep(Math.min(5000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        List<Use> out = new ArrayList<>();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Map<Subject, Long> ticks1 = new HashMap<>();
        Map<Subject, Map<Integer, ProcCpu.ThreadTicks>> threads1 = new HashMap<>();
        for (Subject s : subjects) {
            ticks1.put(s, ProcCpu.processTicks(s.pid()));
            threads1.put(s, ProcCpu.threads(s.pid()));
        }
        for (Subject s : subjects) {
            rss.get(s).add(ProcCpu.rssKib(s.pid()));
            Map<Integer, String> names = s.jvm() ? JvmThreadNames.of(s.pid()) : Map.of();
            List<ThreadUse> perThread = new ArrayList<>();
            threads1.get(s).forEach((tid, t1) -> {
                ProcCpu.ThreadTicks before = threads0.get(s).get(tid);
                long used = t1.ticks() - (before == null ? 0 : before.ticks());
                perThread.add(new ThreadUse(names.getOrDefault(tid, t1.comm()), used));
            });
            List<Long> r = rss.get(s);
            out.add(new Use(
                    s,
                    elapsed,
                    ticks1.get(s) - ticks0.get(s),
                    (long) r.stream().mapToLong(Long::longValue).average().orElse(0),
                    r.stream().mapToLong(Long::longValue).max().orElse(0),
                    threads1.get(s).size(),
                    perThread));
        }
        return out;
    }

    /**
     * Threads of one kind together: a pool's or a Streams client's threads differ only by their
     * numbers and ids ("vert.x-eventloop-thread-1", "...-StreamThread-2"), which say nothing about
     * where idle time goes.
     */
    static Map<String, long[]> byKind(List<ThreadUse> threads) {
        Map<String, long[]> out = new HashMap<>();
        for (ThreadUse t : threads) {
            long[] sum = out.computeIfAbsent(kind(t.name()), k -> new long[2]);
            sum[0] += t.ticks();
            sum[1]++;
        }
        return out;
    }

    static String kind(String name) {
        return name.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>")
                // C1/C2 and G1 name the compiler or collector, not an instance.
                .replaceAll("(?<![A-Z])\\d+", "N");
    }
}
