package io.tocsin.tests.notifier.amdiff;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** Whether the machine is too loaded for millisecond comparisons: over 4 runnable threads per core. */
final class Load {
    private Load() {}

    static boolean overloaded() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os.getSystemLoadAverage() > 4.0 * os.getAvailableProcessors();
    }

    static String describe() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return "load average " + os.getSystemLoadAverage() + " on " + os.getAvailableProcessors() + " cores";
    }
}
