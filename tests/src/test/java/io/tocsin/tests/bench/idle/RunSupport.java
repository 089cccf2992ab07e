package io.tocsin.tests.bench.idle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What every idle driver needs around its window: options, the repository, the load, clean-up. */
final class RunSupport {
    private RunSupport() {}

    static long option(String[] args, String name, long fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Long.parseLong(args[i + 1]);
            }
        }
        return fallback;
    }

    /**
     * Every {@code NAME=VALUE} given after {@code flag}, in order; a later one for the same name
     * wins. An empty value is kept (a caller may read it as "remove").
     */
    static Map<String, String> pairs(String[] args, String flag) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(flag)) {
                String[] kv = args[i + 1].split("=", 2);
                if (kv.length != 2 || kv[0].isBlank()) {
                    throw new IllegalArgumentException(flag + " takes NAME=VALUE, not " + args[i + 1]);
                }
                out.put(kv[0], kv[1]);
            }
        }
        return out;
    }

    /** Every value given after {@code flag}, in order. */
    static List<String> values(String[] args, String flag) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(flag)) {
                out.add(args[i + 1]);
            }
        }
        return out;
    }

    static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("tocsin"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "run from the repository (no ./tocsin above " + Path.of("").toAbsolutePath() + ")");
        }
        return p;
    }

    /** A run's broker data and logs (hundreds of MB) go with it: nothing reads them afterwards. */
    static void removeTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
