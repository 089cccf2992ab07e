package io.tocsin.server.watchdog;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * @param ingest      where heartbeats go (ingest's base URL)
 * @param ingestToken a bearer token for ingest, or null
 * @param interval    how often a heartbeat is sent
 * @param timeout     how recent the newest heartbeat back through the notifier must be
 * @param targets     where the alarm goes; empty means the watchdog has no one to tell
 */
public record WatchdogSettings(
        String host,
        int port,
        URI ingest,
        String ingestToken,
        Duration interval,
        Duration timeout,
        List<AlarmTarget> targets) {
    public static final String HEARTBEAT = "tocsin-watchdog";

    public WatchdogSettings {
        targets = List.copyOf(targets);
        if (interval.isZero() || interval.isNegative() || timeout.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("the watchdog's timeout must be longer than its interval");
        }
    }

    public static WatchdogSettings fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        List<AlarmTarget> targets = new ArrayList<>();
        env.given(Setting.TOCSIN_WATCHDOG_WEBHOOK_URL)
                .ifPresent(u -> targets.add(new AlarmTarget.Webhook(URI.create(u))));
        env.given(Setting.TOCSIN_WATCHDOG_SLACK_URL).ifPresent(u -> targets.add(new AlarmTarget.Slack(URI.create(u))));
        env.given(Setting.TOCSIN_WATCHDOG_PAGERDUTY_KEY)
                .ifPresent(k -> targets.add(new AlarmTarget.PagerDuty(AlarmTarget.PagerDuty.EVENTS, k)));
        return new WatchdogSettings(
                env.string(Setting.TOCSIN_WATCHDOG_HOST),
                env.port(Setting.TOCSIN_WATCHDOG_PORT),
                URI.create(env.string(Setting.TOCSIN_WATCHDOG_INGEST_URL)),
                env.given(Setting.TOCSIN_WATCHDOG_INGEST_TOKEN).orElse(null),
                env.duration(Setting.TOCSIN_WATCHDOG_INTERVAL),
                env.duration(Setting.TOCSIN_WATCHDOG_TIMEOUT),
                targets);
    }

    public WatchdogSettings withIngest(URI url) {
        return new WatchdogSettings(host, port, url, ingestToken, interval, timeout, targets);
    }
}
