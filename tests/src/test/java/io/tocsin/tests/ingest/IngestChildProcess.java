package io.tocsin.tests.ingest;

import io.tocsin.tests.crash.ChildClasspath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** {@link IngestChild} in its own JVM with a given heap; its output is kept for the assertions. */
final class IngestChildProcess implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong heapLines = new AtomicLong();
    private volatile int port = -1;

    private IngestChildProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "ingest-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    static IngestChildProcess start(String bootstrap, String xmx, Map<String, String> env) throws Exception {
        Path log = Files.createDirectories(Path.of("target", "slow-clients"));
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        xmx,
                        "-XX:+UseSerialGC",
                        "-cp",
                        ChildClasspath.get(),
                        IngestChild.class.getName(),
                        bootstrap)
                .redirectErrorStream(true)
                .directory(log.toFile());
        pb.environment().putAll(env);
        IngestChildProcess child = new IngestChildProcess(pb.start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (child.port < 0) {
            if (!child.process.isAlive() || System.nanoTime() > deadline) {
                child.close();
                throw new IllegalStateException("ingest child did not start:\n" + child.output);
            }
            Thread.sleep(50);
        }
        return child;
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A GC and fresh peaks; returns the heap in use just after. */
    long resetHeap() throws Exception {
        OutputStream in = process.getOutputStream();
        in.write("reset\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        Thread.sleep(1000);
        long seen = heapLines.get();
        while (heapLines.get() < seen + 2) {
            Thread.sleep(20);
        }
        return used.get();
    }

    long peakUsed() {
        awaitHeapLine();
        return peakUsed.get();
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() {
        return output.toString();
    }

    private void awaitHeapLine() {
        long seen = heapLines.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (heapLines.get() < seen + 2 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void read() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("HEAP ")) {
                    String[] f = line.split(" ");
                    peakUsed.set(Long.parseLong(f[1]));
                    used.set(Long.parseLong(f[2]));
                    heapLines.incrementAndGet();
                    continue;
                }
                if (line.startsWith("READY ")) {
                    port = Integer.parseInt(line.substring(6).trim());
                }
                output.append(line).append('\n');
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close(); // the child exits when stdin closes
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
