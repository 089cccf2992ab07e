package io.tocsin.server.cli.api;

import io.tocsin.server.cli.CliContext;
import io.tocsin.server.cli.render.WhyText;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tocsin why}: why an alert was (or was not) notified, from the notifier's decisions. */
@Command(
        name = "why",
        description = "Explain why an alert was or was not notified at a time: the route walk, the silences, "
                + "inhibitions and time intervals in force, and who was notified.")
public final class WhyCommand implements Callable<Integer> {
    static final class Which {
        @Option(
                names = {"-m", "--match"},
                required = true,
                paramLabel = "LABELS",
                description = "The alert's labels as a selector, e.g. '{alertname=\"PostgresDown\",instance=\"db1\"}'.")
        String match;

        @Option(
                names = {"-f", "--fingerprint"},
                required = true,
                paramLabel = "FP",
                description = "An alert the notifier knows, by fingerprint.")
        String fingerprint;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--at", paramLabel = "TIME", description = "RFC 3339 or unix seconds (default: now).")
    String at;

    @Mixin
    ApiOptions api;

    private final CliContext ctx;

    WhyCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        StringBuilder q = new StringBuilder("/api/v1/why?");
        q.append(which.match != null ? "match=" + enc(which.match) : "fingerprint=" + enc(which.fingerprint));
        if (at != null) {
            q.append("&at=").append(enc(at));
        }
        JsonObject answer = new JsonObject(api.notifier(ctx).get(q.toString()));
        ctx.out().print(api.json ? answer.encodePrettily() + "\n" : WhyText.render(answer));
        return 0;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
