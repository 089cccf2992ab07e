package io.tocsin.server;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import io.tocsin.server.cli.CliContext;
import io.tocsin.server.cli.TocsinCommand;
import io.tocsin.server.cli.UpCommand;

/** The {@code tocsin} command line: {@link TocsinCommand} and its subcommands; see {@code tocsin --help}. */
public final class TocsinMain {
    private TocsinMain() {}

    public static void main(String[] args) {
        // Chosen before the first logger exists: with TOCSIN_LOKI_URL our own logs also go to Loki.
        if (Env.system().given(Setting.TOCSIN_LOKI_URL).isPresent()
                && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-loki.xml");
        }
        int exit = TocsinCommand.execute(CliContext.system(), args);
        // After Ctrl-C the shutdown hook is stopping the services: exit() would wait for it forever.
        if (!UpCommand.STOPPED_BY_SIGNAL.get()) {
            System.exit(exit);
        }
    }
}
