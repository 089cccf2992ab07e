package io.tocsin.tests.bench;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What each side holds in memory, read the way each runtime can say it honestly: this JVM's heap
 * after full collections (so the broker must live in another JVM), the notifier's RocksDB native
 * memory from its Streams metrics, and Alertmanager's Go heap after a collection it is asked for.
 */
final class HeldMemory {
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private HeldMemory() {}

    /** Heap in use after a full collection, in this JVM (the notifier and the driver). */
    static long jvmHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * What the notifier's RocksDB stores say they hold in native memory: memtables and table
     * readers summed over stores, and the block cache once, as every store shares one
     * (BoundedRocksDb) and reports that same cache. Its memtables are charged to that cache too,
     * so they are counted twice here: an upper bound.
     */
    static double rocksDbNative(MeterRegistry registry) {
        double sum = 0;
        double cache = 0;
        for (Meter m : registry.getMeters()) {
            String name = m.getId().getName();
            boolean isCache = name.endsWith("block.cache.usage");
            if (isCache || name.endsWith("size.all.mem.tables") || name.endsWith("estimate.table.readers.mem")) {
                for (Measurement v : m.measure()) {
                    double value = Double.isNaN(v.getValue()) ? 0 : v.getValue();
                    if (isCache) {
                        cache = Math.max(cache, value);
                    } else {
                        sum += value;
                    }
                }
            }
        }
        return sum + cache;
    }

    /**
     * When {@code -Dheld.histogram=<dir>} is set, this JVM's class histogram of live objects (a
     * full collection first) into {@code <dir>/<tag>.txt}, to attribute the heap per held alert
     * to the structures that hold it (diff the "before" and "held" files). Off by default: the
     * histogram's own collection and walk are not part of any figure.
     */
    static void histogram(String tag) throws Exception {
        String dir = System.getProperty("held.histogram");
        if (dir == null) {
            return;
        }
        Object out = ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        java.nio.file.Path file = java.nio.file.Path.of(dir, tag + ".txt");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, String.valueOf(out));
        if (Boolean.getBoolean("held.dump")) {
            ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpHeap(java.nio.file.Path.of(dir, tag + ".hprof").toString(), true);
        }
    }

    /** Alertmanager's live Go heap: a forced collection (its pprof endpoint), then its own metric. */
    static double alertmanagerHeap(String url) throws Exception {
        get(url + "/debug/pprof/heap?gc=1", 60);
        for (String line : get(url + "/metrics", 30).split("\n")) {
            if (line.startsWith("go_memstats_heap_alloc_bytes ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        return Double.NaN;
    }

    private static String get(String url, int timeoutSeconds) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .GET()
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
