package io.tocsin.tests.bench.idle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What Linux says a process has used, read from /proc without touching the process: its CPU
 * (utime + stime, which for the whole process includes its threads that have ended), its resident
 * memory, and the CPU of each of its live threads under the kernel's name of the thread (a JVM
 * sets it to the first 15 characters of the Java thread's name).
 */
public final class ProcCpu {
    /** USER_HZ: what /proc counts CPU time in; 100 on every Linux this runs on. */
    public static final long TICKS_PER_SECOND = 100;

    private ProcCpu() {}

    /** One thread's CPU so far. */
    record ThreadTicks(int tid, String comm, long ticks) {}

    /** utime + stime of the whole process, in ticks. */
    public static long processTicks(long pid) {
        return ticks(read(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** VmRSS in KiB. */
    static long rssKib(long pid) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** The process's live threads by tid; a thread that ends while being read is left out. */
    static Map<Integer, ThreadTicks> threads(long pid) {
        Map<Integer, ThreadTicks> out = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int tid = Integer.parseInt(task.getFileName().toString());
                    out.put(tid, new ThreadTicks(tid, comm(stat), ticks(stat)));
                } catch (IOException gone) {
                    // the thread ended between the listing and the read
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the threads of " + pid, e);
        }
        return out;
    }

    /** Fields 14 and 15 of /proc/pid/stat; the name (field 2) may hold spaces and parentheses. */
    static long ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static String comm(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
        }
    }
}
