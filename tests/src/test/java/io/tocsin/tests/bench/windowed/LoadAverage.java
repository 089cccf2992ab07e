package io.tocsin.tests.bench.windowed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's 1-minute load average over a run: first, highest and last seen. */
final class LoadAverage {
    private double first = -1;
    private double max;
    private double last;

    synchronized void sample() {
        try {
            double v = Double.parseDouble(
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            if (first < 0) {
                first = v;
            }
            max = Math.max(max, v);
            last = v;
        } catch (IOException | RuntimeException e) {
            // not Linux: no figure
        }
    }

    @Override
    public synchronized String toString() {
        return String.format(java.util.Locale.ROOT, "first %.2f, max %.2f, last %.2f (2 cores)", first, max, last);
    }
}
