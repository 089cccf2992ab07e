package io.tocsin.server.cli.startup;

/** What {@code up} prints once everything listens: where each thing is, and where the logs go. */
public final class Banner {
    private Banner() {}

    /**
     * @param consoleUrl null when there is no console
     * @param brokerPid null on an external cluster
     */
    public record Facts(
            String ingestUrl,
            String rulesUrl,
            int ruleCount,
            String rulesDir,
            String notifierUrl,
            String consoleUrl,
            String bootstrap,
            Long brokerPid,
            String dataDir,
            String kafkaLog,
            String brokerLog,
            boolean verbose) {}

    public static String text(Facts f) {
        StringBuilder b = new StringBuilder("\nTocsin is up.\n");
        if (f.consoleUrl() != null) {
            b.append("  console   ").append(f.consoleUrl()).append('\n');
        }
        b.append("  ingest    ").append(f.ingestUrl()).append("   POST /v1/samples\n");
        b.append("  rules     ")
                .append(f.rulesUrl())
                .append("   ")
                .append(f.ruleCount())
                .append(" rules from ")
                .append(f.rulesDir())
                .append('\n');
        b.append("  notifier  ").append(f.notifierUrl()).append("   Alertmanager API /api/v2\n");
        b.append("  kafka     ").append(f.bootstrap());
        b.append(
                f.brokerPid() == null
                        ? " (external)\n"
                        : " (embedded, pid " + f.brokerPid() + ", data in " + f.dataDir() + ")\n");
        b.append("  logs      Kafka client lines in ").append(f.kafkaLog());
        b.append(f.verbose() ? " and here" : " (--verbose: here too)");
        if (f.brokerLog() != null) {
            b.append("; broker in ").append(f.brokerLog());
        }
        b.append('\n');
        b.append("  health    /health on each service; metrics /metrics\n");
        b.append("Press Ctrl-C to stop.\n\n");
        return b.toString();
    }
}
