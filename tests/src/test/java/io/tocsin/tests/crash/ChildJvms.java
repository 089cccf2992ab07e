package io.tocsin.tests.crash;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The child service JVMs of one test class, registered as a static extension field; every one
 * still running is killed after each test and again after the class, whatever the outcome, so
 * that no service outlives its test and steals the next test's partitions.
 */
public final class ChildJvms implements AfterEachCallback, AfterAllCallback {
    private final List<ChildService> children = new CopyOnWriteArrayList<>();

    /** A child running {@code ServiceMain serviceArgs...}, not started yet. */
    public ChildService create(String name, List<String> serviceArgs, Map<String, String> env, Path logDir) {
        return create(name, serviceArgs, env, logDir, "384m");
    }

    /** @param heap the child's -Xmx, e.g. 256m when many children share a small machine */
    public ChildService create(
            String name, List<String> serviceArgs, Map<String, String> env, Path logDir, String heap) {
        ChildService child = new ChildService(name, serviceArgs, env, logDir, heap);
        children.add(child);
        return child;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        killAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        killAll();
    }

    private void killAll() {
        children.forEach(ChildService::kill);
        children.clear();
    }
}
