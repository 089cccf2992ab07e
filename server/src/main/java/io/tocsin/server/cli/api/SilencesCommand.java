package io.tocsin.server.cli.api;

import io.tocsin.core.config.Durations;
import io.tocsin.core.label.Matcher;
import io.tocsin.core.label.SelectorParser;
import io.tocsin.server.cli.CliContext;
import io.tocsin.server.cli.render.SilencesText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tocsin silences [add|expire]}: the notifier's silences, through Alertmanager's API. */
@Command(
        name = "silences",
        description = "List silences (newest first as the notifier orders them); add or expire one.",
        subcommands = {SilencesCommand.Add.class, SilencesCommand.Expire.class})
public final class SilencesCommand implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    private final CliContext ctx;

    SilencesCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        String body = api.notifier(ctx).get("/api/v2/silences");
        ctx.out()
                .print(
                        api.json
                                ? new JsonArray(body).encodePrettily() + "\n"
                                : SilencesText.render(new JsonArray(body), Instant.now()));
        return 0;
    }

    @Command(name = "add", description = "Silence the alerts matching all MATCHERs; prints the new silence's id.")
    static final class Add implements Callable<Integer> {
        @Parameters(
                arity = "1..*",
                paramLabel = "MATCHER",
                description = "e.g. alertname=DiskFull 'instance=~\"db.*\"'")
        List<String> matchers;

        @Option(
                names = {"-d", "--duration"},
                defaultValue = "1h",
                paramLabel = "DURATION",
                description = "How long from now (default ${DEFAULT-VALUE}), e.g. 30m, 2h, 1d.")
        String duration;

        @Option(
                names = {"-a", "--author"},
                paramLabel = "NAME",
                description = "Who silences (default: the USER variable).")
        String author;

        @Option(
                names = {"-c", "--comment"},
                required = true,
                paramLabel = "TEXT",
                description = "Why (required).")
        String comment;

        @Mixin
        ApiOptions api;

        private final CliContext ctx;

        Add(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            Duration d = Durations.parse(duration);
            Instant now = Instant.now();
            JsonArray ms = new JsonArray();
            for (String text : matchers) {
                for (Matcher m : SelectorParser.alertmanager(text)) {
                    ms.add(new JsonObject()
                            .put("name", m.name())
                            .put("value", m.value())
                            .put("isRegex", m.op().isRegex())
                            .put("isEqual", m.op().isEqual()));
                }
            }
            String by = author != null ? author : ctx.env().getOrDefault("USER", "");
            JsonObject silence = new JsonObject()
                    .put("matchers", ms)
                    .put("startsAt", now.toString())
                    .put("endsAt", now.plus(d).toString())
                    .put("createdBy", by)
                    .put("comment", comment);
            JsonObject answer = new JsonObject(api.notifier(ctx).post("/api/v2/silences", silence.encode()));
            ctx.out().println(api.json ? answer.encodePrettily() : answer.getString("silenceID"));
            return 0;
        }
    }

    @Command(name = "expire", description = "Expire silences now.")
    static final class Expire implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "ID", description = "silence ids")
        List<String> ids;

        @Mixin
        ApiOptions api;

        private final CliContext ctx;

        Expire(CliContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ApiClient notifier = api.notifier(ctx);
            for (String id : ids) {
                notifier.delete("/api/v2/silence/" + id);
                ctx.out().println("expired " + id);
            }
            return 0;
        }
    }
}
