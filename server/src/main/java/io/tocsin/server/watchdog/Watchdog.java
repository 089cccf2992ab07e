package io.tocsin.server.watchdog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tocsin.core.time.WallGrid;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-man's switch of the pipeline. Every interval it sends a heartbeat to ingest
 * ({@code POST /v1/heartbeat/tocsin-watchdog}); the TocsinWatchdog rule fires while heartbeats
 * arrive and the notifier routes it to this watchdog's {@code POST /beat}, carrying the newest
 * heartbeat's time. When no heartbeat younger than the timeout has come back, it tells its own
 * receivers directly. It shares nothing with what it watches: its own HTTP server and client
 * (the JDK's, not Vert.x), its own thread, no Kafka; in a deployment it runs as its own process
 * ({@link WatchdogMain}).
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    private final WatchdogSettings settings;
    private final Clock clock;
    private final HttpServer server;
    private final HttpClient client;
    private final ScheduledExecutorService timer;
    /** Changed only on the timer thread; read by /health. */
    private volatile Switch state;

    private Watchdog(WatchdogSettings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.state = new Switch(clock.instant(), false);
        this.client = HttpClient.newBuilder().connectTimeout(SEND_TIMEOUT).build();
        this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 16);
        server.createContext("/beat", this::onBeat);
        server.createContext("/health", this::onHealth);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tocsin-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    public static Watchdog start(WatchdogSettings settings, Clock clock) throws IOException {
        Watchdog w = new Watchdog(settings, clock);
        w.server.start();
        long interval = settings.interval().toMillis();
        // The first at once, the rest on the wall clock's grid, where the self-scrape of the same
        // period falls: at rest both reach the rules in one commit (issue 20).
        w.timer.execute(w::sendHeartbeat);
        w.timer.scheduleAtFixedRate(
                w::sendHeartbeat,
                Math.max(1, WallGrid.untilNext(clock.millis(), interval)),
                interval,
                TimeUnit.MILLISECONDS);
        w.timer.scheduleAtFixedRate(w::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        log.info(
                "watchdog: heartbeat to {} every {} s, expects it back at {} within {} s, alarms via {}",
                settings.ingest(),
                settings.interval().toSeconds(),
                w.beatUrl(),
                settings.timeout().toSeconds(),
                settings.targets().stream().map(AlarmTarget::kind).toList());
        if (settings.targets().isEmpty()) {
            log.warn(
                    "watchdog has no receiver (TOCSIN_WATCHDOG_WEBHOOK_URL, _SLACK_URL or _PAGERDUTY_KEY): it only logs");
        }
        return w;
    }

    /**
     * For {@code ./tocsin up}: a watchdog that cannot listen (its port taken) must not stop Tocsin;
     * it says why and the pipeline runs unwatched.
     */
    public static AutoCloseable startOrLog(WatchdogSettings settings, Clock clock) {
        try {
            return start(settings, clock);
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "watchdog not started ({}:{}): {}; the pipeline runs unwatched",
                    settings.host(),
                    settings.port(),
                    e.toString());
            return () -> {};
        }
    }

    /** The URL the notifier's watchdog receiver posts to. */
    public String beatUrl() {
        return "http://" + settings.host() + ":" + server.getAddress().getPort() + "/beat";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void onBeat(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
            }
            Beat.newestIn(body).ifPresent(at -> timer.execute(() -> state = state.beat(at)));
            ex.sendResponseHeaders(200, -1);
        }
    }

    private void onHealth(HttpExchange ex) throws IOException {
        try (ex) {
            Switch s = state;
            // The watchdog itself is up while it answers; what it sees is the pipeline's state.
            String json = "{\"status\":\"UP\",\"heartbeat_age_seconds\":"
                    + Duration.between(s.freshest(), clock.instant()).toMillis() / 1000.0
                    + ",\"alarmed\":" + s.alarmed() + "}";
            byte[] ok = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
        }
    }

    private void sendHeartbeat() {
        URI url = settings.ingest().resolve("/v1/heartbeat/" + WatchdogSettings.HEARTBEAT);
        HttpRequest.Builder req =
                HttpRequest.newBuilder(url).timeout(SEND_TIMEOUT).POST(HttpRequest.BodyPublishers.noBody());
        if (settings.ingestToken() != null) {
            req.header("Authorization", "Bearer " + settings.ingestToken());
        }
        try {
            HttpResponse<Void> r = client.send(req.build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                log.warn("watchdog: ingest answered {} to the heartbeat", r.statusCode());
            }
        } catch (IOException e) {
            log.warn("watchdog: heartbeat not sent: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void check() {
        Instant now = clock.instant();
        Switch.Decision d = state.decide(now, settings.timeout());
        switch (d.action()) {
            case RAISE -> {
                log.error("watchdog: the pipeline is silent: {}", d.reason());
                if (tellAll(true, "Tocsin's pipeline is silent: " + d.reason(), now)) {
                    state = state.after(d.action());
                }
            }
            case CLEAR -> {
                log.info("watchdog: the pipeline is back: {}", d.reason());
                if (tellAll(false, "Tocsin's pipeline is back: " + d.reason(), now)) {
                    state = state.after(d.action());
                }
            }
            case QUIET, STILL_RAISED -> {
                // nothing changed
            }
        }
    }

    /** True when some receiver took it (or there is none): otherwise the next check tries again. */
    private boolean tellAll(boolean raised, String summary, Instant now) {
        boolean anyone = settings.targets().isEmpty();
        for (AlarmTarget t : settings.targets()) {
            HttpRequest req = HttpRequest.newBuilder(t.url())
                    .timeout(SEND_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(t.body(raised, summary, now)))
                    .build();
            try {
                int status =
                        client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    anyone = true;
                } else {
                    log.warn("watchdog: the {} receiver answered {}", t.kind(), status);
                }
            } catch (IOException e) {
                log.warn(
                        "watchdog: the {} receiver could not be reached: {}",
                        t.kind(),
                        e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return anyone;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        server.stop(0);
    }
}
