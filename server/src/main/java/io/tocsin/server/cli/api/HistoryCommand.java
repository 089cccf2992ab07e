package io.tocsin.server.cli.api;

import io.tocsin.server.cli.CliContext;
import io.tocsin.server.cli.render.HistoryText;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tocsin history FP}: every decision the notifier recorded for one alert. */
@Command(
        name = "history",
        description = "Show what happened to an alert: fired, routed, silenced, notified, each delivery attempt.")
public final class HistoryCommand implements Callable<Integer> {
    @Parameters(arity = "1", paramLabel = "FP", description = "the alert's fingerprint (see tocsin alerts --json)")
    String fingerprint;

    @Option(
            names = "--limit",
            defaultValue = "200",
            description = "At most this many events (default ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    ApiOptions api;

    private final CliContext ctx;

    HistoryCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        JsonObject answer = new JsonObject(
                api.notifier(ctx).get("/api/v1/alerts/" + WhyCommand.enc(fingerprint) + "/history?limit=" + limit));
        ctx.out().print(api.json ? answer.encodePrettily() + "\n" : HistoryText.render(answer));
        return 0;
    }
}
