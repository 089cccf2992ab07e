package io.tocsin.server.cli.startup;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.Problem;
import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import io.tocsin.ingest.auth.ClientsFile;
import io.tocsin.ingest.collect.CollectorsFile;
import io.tocsin.ingest.http.HttpLimits;
import io.tocsin.ingest.webhook.WebhooksFile;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.ops.auth.ControlAccess;
import io.tocsin.rules.parse.RuleLoader;
import io.tocsin.server.TocsinOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads every config file {@code up} will use, with the same loaders the services use, before
 * anything starts: a typo is reported in a second as file:line:col, all files at once, instead of
 * after the broker and Streams have started. Nothing is started and nothing is kept.
 */
public final class ConfigPreflight {
    private ConfigPreflight() {}

    /** Every problem found, one line each; empty when everything loads. */
    public static List<String> problems(Map<String, String> vars) {
        List<String> out = new ArrayList<>();
        Env env = new Env(vars);
        check(out, "TOCSIN_RULES_DIR", () -> {
            RuleLoader.Loaded loaded = RuleLoader.load(env.path(Setting.TOCSIN_RULES_DIR));
            loaded.errors().forEach(p -> out.add(p.toString()));
        });
        check(out, "TOCSIN_NOTIFIER_CONFIG", () -> {
            Path routing = TocsinOptions.notifierConfigFrom(env);
            if (routing != null) {
                NotifierConfig.load(routing, vars);
            }
        });
        // The settings the services parse as they start, so that a bad value stops up now too.
        check(out, "settings", () -> HttpLimits.fromEnv(env));
        for (Setting number : List.of(
                Setting.TOCSIN_INGEST_MAX_IN_FLIGHT,
                Setting.TOCSIN_REPLICATION_FACTOR,
                Setting.TOCSIN_INGEST_EVENT_LOOPS)) {
            check(out, number.name(), () -> env.integer(number, 1));
        }
        check(out, "TOCSIN_ALLOW_UNAUTHENTICATED", () -> ControlAccess.allowUnauthenticated(vars));
        file(out, env, Setting.TOCSIN_INGEST_TOKENS_FILE, f -> ClientsFile.load(f, vars));
        file(out, env, Setting.TOCSIN_INGEST_WEBHOOKS_FILE, WebhooksFile::load);
        file(out, env, Setting.TOCSIN_INGEST_COLLECTORS_FILE, f -> CollectorsFile.load(f, vars));
        file(out, env, Setting.TOCSIN_CONTROL_TOKENS_FILE, f -> ClientsFile.loadControlTokens(f, vars));
        return out;
    }

    private static void file(List<String> out, Env env, Setting setting, Consumer<Path> load) {
        env.given(setting).ifPresent(f -> check(out, setting.name(), () -> load.accept(Path.of(f))));
    }

    /** A loader's problems as they are; any other refusal (a setting that does not parse) named by its setting. */
    private static void check(List<String> out, String what, Runnable load) {
        try {
            load.run();
        } catch (ConfigException e) {
            e.problems().stream().map(Problem::toString).forEach(out::add);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            out.add(message.contains(what) ? message : what + ": " + message);
        }
    }
}
