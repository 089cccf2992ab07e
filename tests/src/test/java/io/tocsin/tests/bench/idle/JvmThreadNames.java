package io.tocsin.tests.bench.idle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The full Java name of each thread of a JVM, by Linux thread id, from {@code jcmd PID
 * Thread.print} (its {@code nid=0x...} is the tid). Taken once, after the measured window, so that
 * the attach does not count in it. A thread jcmd does not list keeps its kernel name.
 */
final class JvmThreadNames {
    private static final Pattern HEADER = Pattern.compile("^\"(.*)\" .*nid=(0x[0-9a-f]+|\\d+)");

    private JvmThreadNames() {}

    static Map<Integer, String> of(long pid) {
        try {
            Process p = new ProcessBuilder(List.of("jcmd", Long.toString(pid), "Thread.print"))
                    .redirectErrorStream(true)
                    .start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return parse(text);
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    static Map<Integer, String> parse(String threadDump) {
        Map<Integer, String> names = new HashMap<>();
        for (String line : threadDump.split("\n")) {
            Matcher m = HEADER.matcher(line);
            if (m.find()) {
                String nid = m.group(2);
                int tid = nid.startsWith("0x") ? Integer.parseInt(nid.substring(2), 16) : Integer.parseInt(nid);
                names.put(tid, m.group(1));
            }
        }
        return names;
    }
}
