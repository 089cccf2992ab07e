package io.tocsin.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tocsin version}: the same lines as {@code tocsin --version}. */
@Command(name = "version", description = "Print Tocsin's, Java's and the Kafka client's versions.")
final class VersionCommand implements Callable<Integer> {
    private final CliContext ctx;

    VersionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        for (String line : BuildInfo.current().lines()) {
            ctx.out().println(line);
        }
        return 0;
    }
}
