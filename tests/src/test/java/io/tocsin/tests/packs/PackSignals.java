package io.tocsin.tests.packs;

/** The shapes of traffic PackScenarios' scenarios send: a healthy and a breaching form of each. */
final class PackSignals {
    private static final double[] WEB_BOUNDS = {0.25, 1, 2.5};
    private static final double[] AI_BOUNDS = {1, 3, 5, 8};

    private PackSignals() {}

    /** Ten requests a tick: all under 250 ms, or all between 1 and 2.5 s (p95 and p99 above 2 s). */
    static void slowRequests(PackBatch out, String service, String env, boolean bad) {
        out.histogram(
                "http_request_duration_seconds_bucket",
                WEB_BOUNDS,
                bad ? new long[] {0, 0, 10} : new long[] {10},
                "service",
                service,
                "env",
                env);
    }

    /** Ten inferences a tick: under a second, or between 5 and 8 s (p95 and p99 above 5 s). */
    static void slowInference(PackBatch out, String service, String env, boolean bad) {
        out.histogram(
                "ai_request_duration_seconds_bucket",
                AI_BOUNDS,
                bad ? new long[] {0, 0, 0, 10} : new long[] {10},
                "service",
                service,
                "env",
                env);
    }

    static void heartbeat(PackBatch out, String name, boolean missing) {
        if (!missing) {
            out.gauge("tocsin_heartbeat_timestamp_seconds", System.currentTimeMillis() / 1000.0, "heartbeat", name);
        }
    }

    /** A queue that grows by one task a tick while in breach (under CeleryQueueLengthHigh's 1000 for minutes) and holds still otherwise. */
    static final class Growing implements PackScenario.Source {
        private final String queue;
        private double length = 10;

        Growing(String queue) {
            this.queue = queue;
        }

        @Override
        public void emit(PackBatch out, boolean bad) {
            length += bad ? 1 : 0;
            out.gauge("celery_queue_length", length, "queue_name", queue);
        }
    }

    /** A disk losing 100 MB a tick (full within 4 h by far) while in breach; cleaned up to 90% free after. */
    static final class Filling implements PackScenario.Source {
        private final String instance;
        private final String env;
        private double avail = 60e9;

        Filling(String instance, String env) {
            this.instance = instance;
            this.env = env;
        }

        @Override
        public void emit(PackBatch out, boolean bad) {
            avail = bad ? Math.max(30e9, avail - 0.1e9) : 90e9;
            out.gauge(
                            "node_filesystem_avail_bytes",
                            avail,
                            "instance",
                            instance,
                            "env",
                            env,
                            "mountpoint",
                            "/data",
                            "fstype",
                            "ext4")
                    .gauge(
                            "node_filesystem_size_bytes",
                            100e9,
                            "instance",
                            instance,
                            "env",
                            env,
                            "mountpoint",
                            "/data",
                            "fstype",
                            "ext4");
        }
    }
}
