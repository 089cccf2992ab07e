package io.tocsin.server.cli.startup;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import java.util.ArrayList;
import java.util.List;

/**
 * One port {@code up} listens on, the service behind it and the setting that moves it: what a
 * person needs to read when the port is taken.
 */
public record Listener(String host, int port, String service, String setting) {

    /** The one line printed when another process holds the port. */
    public String inUse() {
        return "tocsin: port " + port + " (" + service + ") is already in use; set " + setting
                + " or stop the other process";
    }

    /** Every port {@code up} will listen on with these settings; port 0 (any free port) is left out. */
    public static List<Listener> of(Env env) {
        List<Listener> out = new ArrayList<>();
        if (env.given(Setting.KAFKA_BOOTSTRAP).isEmpty()) {
            add(out, "127.0.0.1", env, Setting.TOCSIN_BROKER_PORT, "Kafka broker");
            add(out, "127.0.0.1", env, Setting.TOCSIN_CONTROLLER_PORT, "Kafka controller");
        }
        add(out, env.string(Setting.TOCSIN_INGEST_HOST), env, Setting.TOCSIN_INGEST_PORT, "ingest HTTP");
        add(out, env.string(Setting.TOCSIN_RULES_HOST), env, Setting.TOCSIN_RULES_PORT, "rules HTTP");
        add(out, env.string(Setting.TOCSIN_NOTIFIER_HOST), env, Setting.TOCSIN_NOTIFIER_PORT, "notifier HTTP");
        add(out, env.string(Setting.TOCSIN_CONSOLE_HOST), env, Setting.TOCSIN_CONSOLE_PORT, "console HTTP");
        add(out, env.string(Setting.TOCSIN_WATCHDOG_HOST), env, Setting.TOCSIN_WATCHDOG_PORT, "watchdog HTTP");
        return out;
    }

    private static void add(List<Listener> out, String host, Env env, Setting setting, String service) {
        int port = env.port(setting);
        if (port != 0) {
            out.add(new Listener(host, port, service, setting.name()));
        }
    }
}
