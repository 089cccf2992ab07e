package io.tocsin.tests;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Failsafe runs end-to-end classes two at a time, each in its own JVM with its own broker (most of a
 * class's time is spent waiting on group_wait, for: and windows, not on CPU). Every class holds one
 * file lock shared while it runs; a {@link RunsAlone} class holds it exclusively, so the timing it
 * asserts is not shared with another broker on two cores. It is an OS lock: a fork that dies
 * releases it. Registered for every class by autodetection (junit-platform.properties).
 */
public final class ForkLock implements BeforeAllCallback, AfterAllCallback {
    private static final Path FILE = Path.of("target", "it-forks.lock");

    /** The lock this JVM holds; nested classes run inside their outer class's hold. */
    private static FileLock held;

    private static String holder;

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws IOException {
        if (held != null) {
            return;
        }
        Class<?> testClass = context.getRequiredTestClass();
        boolean alone = testClass.isAnnotationPresent(RunsAlone.class);
        Files.createDirectories(FILE.getParent());
        FileChannel channel =
                FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock(0, Long.MAX_VALUE, !alone);
        if (lock == null) {
            long t0 = System.nanoTime();
            lock = channel.lock(0, Long.MAX_VALUE, !alone);
            System.out.printf(
                    "%s waited %d ms for the %s fork lock%n",
                    testClass.getSimpleName(), (System.nanoTime() - t0) / 1_000_000, alone ? "exclusive" : "shared");
        }
        held = lock;
        holder = context.getUniqueId();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        if (held == null || !context.getUniqueId().equals(holder)) {
            return;
        }
        held.release();
        held.channel().close();
        held = null;
        holder = null;
    }
}
