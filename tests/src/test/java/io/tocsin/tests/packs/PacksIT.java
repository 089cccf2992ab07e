package io.tocsin.tests.packs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.tocsin.notifier.channel.email.Mail;
import io.tocsin.notifier.channel.pagerduty.FakePagerDuty;
import io.tocsin.notifier.channel.slack.FakeSlack;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.Tocsin;
import io.tocsin.server.TocsinOptions;
import io.tocsin.tests.Eventually;
import io.tocsin.tests.Http;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every alert of every pack in rules-examples/ through the real pipeline: synthetic traffic posted
 * to ingest breaches each rule and then recovers, the rules topology fires and resolves, and the
 * packs' routing delivers to a Slack webhook fake, a real SMTP server (GreenMail) and two
 * PagerDuty fakes (primary and secondary on-call), including the inhibition and the escalation.
 * Two stories (the warning packs; a database down with inhibition, acknowledgement and
 * escalation) and one scenario per remaining alert ({@link PackScenarios}) all run at once on the
 * shared broker, so the suite takes about as long as its slowest rule (a 26 h absence window).
 *
 * <p>The rules and routing are the shipped files with their waits divided by 60 and their
 * windows by 20 (the jobs pack's both by 600, its windows being hours), see {@link PackTime}.
 * The test rewrites only what points at the outside world: the SMTP host (plain SMTP, no
 * STARTTLS) and the PagerDuty URLs.
 * Alerts carry labels unique to this run: other tests share the broker's topics.
 */
@ExtendWith(KafkaBroker.class)
class PacksIT {
    private static final Path PACKS = AlertPacksTest.PACKS;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String PROD = "prod-" + RUN;
    private static final String STAGING = "staging-" + RUN;
    private static final String PASSWORD = "smtp-" + UUID.randomUUID();
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Slack takes one message a second per webhook, and every scenario posts to the same one. */
    private static final Duration SLACK_WAIT = Duration.ofSeconds(120);

    private static Vertx vertx;
    private static FakeSlack slack;
    private static FakePagerDuty primary;
    private static FakePagerDuty secondary;
    private static GreenMail smtp;
    private static Tocsin tocsin;
    private static PackTraffic traffic;
    private static CompletableFuture<List<Scenario>> warningScenarios;
    private static final String RUNBOOKS = "https://runbooks.example.org/tocsin/";
    private static final List<PackScenario> SCENARIOS = PackScenarios.all(RUN);
    /** The slowest rule to fire: the nightly backup's absence window (26 h ÷ 600 = 156 s) or a spike's baseline. */
    private static final Duration FIRE_WAIT = Duration.ofSeconds(150);

    private static final Map<String, CompletableFuture<PackScenario>> driven = new ConcurrentHashMap<>();
    private static final List<Mail> mails = new ArrayList<>();
    private static ScenarioTraffic scenarioTraffic;
    private static Received slackSeen;
    private static Received primarySeen;
    private static Received secondarySeen;
    private static ExecutorService drivers;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        slack = FakeSlack.start(vertx);
        primary = FakePagerDuty.start(vertx);
        secondary = FakePagerDuty.start(vertx);
        slackSeen = new Received(slack::received);
        primarySeen = new Received(primary::events);
        secondarySeen = new Received(secondary::events);
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("tocsin@example.org", "tocsin", PASSWORD));
        smtp.start();

        Path dir = Files.createDirectories(Path.of("target", "it-packs-" + RUN));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        for (String pack : AlertPacksTest.EXPECTED) {
            String yaml = Files.readString(PACKS.resolve(pack).resolve(pack + ".rules.yml"));
            Files.writeString(
                    rules.resolve(pack + ".rules.yml"),
                    pack.equals("jobs") ? PackTime.compress(yaml, 600, 600) : PackTime.compress(yaml, 20, 60));
        }
        String routing = PackTime.compress(Files.readString(PACKS.resolve("routing.yml")), 20, 60);
        routing = replace(
                routing,
                "smarthost: smtp.example.org:587",
                "smarthost: 127.0.0.1:" + smtp.getSmtp().getPort());
        routing = replace(routing, "require_tls: true", "require_tls: false");
        routing = replace(
                routing,
                "- routing_key_env: PAGERDUTY_PRIMARY_KEY",
                "- url: " + primary.url() + "\n        routing_key_env: PAGERDUTY_PRIMARY_KEY");
        routing = replace(
                routing,
                "- routing_key_env: PAGERDUTY_SECONDARY_KEY",
                "- url: " + secondary.url() + "\n        routing_key_env: PAGERDUTY_SECONDARY_KEY");
        Path notifier = dir.resolve("routing.yml");
        Files.writeString(notifier, routing);

        tocsin = Tocsin.start(new TocsinOptions(
                KafkaBroker.bootstrap(),
                dir.resolve("state"),
                rules,
                notifier,
                0,
                0,
                0,
                1,
                "it-packs-" + RUN + "-",
                TopologySettings.DEFAULTS,
                Map.of(
                        "SLACK_WEBHOOK_URL", slack.webhookUrl(),
                        "SMTP_PASSWORD", PASSWORD,
                        "PAGERDUTY_PRIMARY_KEY", primary.routingKey(),
                        "PAGERDUTY_SECONDARY_KEY", secondary.routingKey(),
                        "TOCSIN_RUNBOOK_BASE_URL", RUNBOOKS)));
        traffic = PackTraffic.start(tocsin.ingestUrl(), RUN, PROD, STAGING);
        warningScenarios = CompletableFuture.supplyAsync(PacksIT::warningPacks);
        scenarioTraffic = ScenarioTraffic.start(tocsin.ingestUrl(), SCENARIOS);
        drivers = Executors.newFixedThreadPool(SCENARIOS.size(), r -> {
            Thread t = new Thread(r, "pack-scenario");
            t.setDaemon(true);
            return t;
        });
        for (PackScenario s : SCENARIOS) {
            driven.put(s.alert(), CompletableFuture.supplyAsync(() -> drive(s), drivers));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (warningScenarios != null) {
            warningScenarios.cancel(true);
        }
        if (drivers != null) {
            drivers.shutdownNow();
        }
        if (scenarioTraffic != null) {
            scenarioTraffic.close();
        }
        if (traffic != null) {
            traffic.close();
        }
        if (tocsin != null) {
            tocsin.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        for (AutoCloseable c : new AutoCloseable[] {slack, primary, secondary}) {
            if (c != null) {
                c.close();
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private record Scenario(String alert, String mark, Runnable recover) {}

    /**
     * The warning packs: every breach was switched on when the traffic started; each must fire in
     * Slack and by mail, then recover and resolve in both. Runs beside the database scenario.
     */
    private static List<Scenario> warningPacks() {
        List<Scenario> warnings = List.of(
                new Scenario("RedisMemoryHigh", "cache-" + RUN, () -> traffic.redisMemoryHigh = false),
                new Scenario("CeleryTaskFailureRateHigh", "send_invoice_" + RUN, () -> traffic.celeryFailing = false),
                new Scenario("ErrorLogRateHigh", "shop-" + RUN, () -> traffic.errorLogs = false),
                new Scenario("TLSCertificateExpiringSoon", "shop-" + RUN, () -> traffic.certExpiring = false),
                new Scenario("HostDiskFull", "web-" + RUN, () -> traffic.diskFull = false));
        for (Scenario s : warnings) {
            Eventually.await(
                    SLACK_WAIT, s.alert() + " firing in Slack", () -> slackMessage("FIRING", s.alert(), s.mark()));
            Eventually.await(WAIT, s.alert() + " firing by mail", () -> mail("[FIRING", s.alert(), s.mark()));
            s.recover().run();
        }
        for (Scenario s : warnings) {
            Eventually.await(
                    SLACK_WAIT, s.alert() + " resolved in Slack", () -> slackMessage("RESOLVED", s.alert(), s.mark()));
            Eventually.await(WAIT, s.alert() + " resolved by mail", () -> mail("[RESOLVED", s.alert(), s.mark()));
        }
        return warnings;
    }

    @Test
    void eachWarningPackTellsSlackAndTheMailboxThatItFiredAndResolvedAndPagesNobody() throws Exception {
        List<Scenario> warnings = warningScenarios.get(8, TimeUnit.MINUTES);
        warnings.forEach(s -> assertTrue(PackScenarios.DRIVEN_BY_THE_STORIES.contains(s.alert()), s.alert()));
        for (Scenario s : warnings) {
            assertEquals(
                    1,
                    slackMessages("FIRING", s.alert(), s.mark()).size(),
                    () -> s.alert() + ": one firing message, not "
                            + slackMessages("", s.alert(), s.mark()).stream()
                                    .map(m -> m.getString("text"))
                                    .toList());
        }
        for (FakePagerDuty pd : List.of(primary, secondary)) {
            for (JsonObject e : pd.events()) {
                String summary = e.getJsonObject("payload", new JsonObject()).getString("summary", "");
                // by mark too: HostDiskFull is part of HostDiskFullIn4h's name, which pages
                warnings.forEach(s -> assertTrue(
                        !(summary.contains(s.alert()) && e.encode().contains(s.mark())),
                        "a warning paged: " + e.encode()));
            }
        }
    }

    @Test
    void aDownDatabasePagesTheSecondaryWhenUnacknowledgedAndInhibitsTheWebErrorRateOfItsEnv() throws Exception {
        // A database whose first readings were late counts as down at start (missing: alert), as it
        // should on a loaded machine: let such a start-up page resolve, then look only at what follows.
        Eventually.await(
                WAIT, "no PostgresDown page open", () -> openPages(primary, "PostgresDown", PROD) == 0 ? true : null);
        int from = primarySeen.all().size();
        int fromSecondary = secondarySeen.all().size();

        // The primary database goes down: Slack, the mailbox and the primary on-call hear of it.
        traffic.postgresUp = false;
        JsonObject dbTrigger = Eventually.await(
                WAIT, "PostgresDown paging the primary", () -> trigger(primary, "PostgresDown", PROD, from));
        Eventually.await(SLACK_WAIT, "PostgresDown in Slack", () -> slackMessage("FIRING", "PostgresDown", PROD));
        Eventually.await(WAIT, "PostgresDown by mail", () -> mail("[FIRING", "PostgresDown", PROD));

        // The web app fails in both envs. Production's error rate is the database's fault: inhibited.
        traffic.webErrors = true;
        JsonObject webTrigger = Eventually.await(
                WAIT, "the staging error rate paging the primary", () -> trigger(primary, "WebHighErrorRate", STAGING));
        long webPagedAt = System.nanoTime();
        Eventually.await(
                SLACK_WAIT,
                "the staging error rate in Slack",
                () -> slackMessage("FIRING", "WebHighErrorRate", STAGING));

        // Someone takes the staging page: PagerDuty hears acknowledge, its escalation stops.
        String fingerprint = fingerprint("WebHighErrorRate", STAGING);
        assertEquals(
                202,
                Http.post(
                                tocsin.notifierUrl() + "/api/tocsin/v1/alerts/" + fingerprint + "/ack",
                                "{\"by\":\"ann@example.org\",\"comment\":\"rolling back\"}")
                        .statusCode());
        Eventually.await(
                WAIT,
                "the acknowledge at PagerDuty",
                () -> event(primary, "acknowledge", webTrigger.getString("dedup_key")));

        // Nobody takes the database page: 10 minutes (10 s here) later the secondary is paged.
        JsonObject escalated = Eventually.await(
                WAIT,
                "PostgresDown escalated to the secondary",
                () -> trigger(secondary, "PostgresDown", PROD, fromSecondary));
        // The staging page's own step 2 would be due 10 s after it paged: let that time pass.
        long stepTwoDue = webPagedAt + Duration.ofSeconds(13).toNanos();
        Thread.sleep(Math.max(0, (stepTwoDue - System.nanoTime()) / 1_000_000));
        assertEquals(null, trigger(secondary, "WebHighErrorRate", STAGING), "an acknowledged page does not escalate");

        // Recovery: the web app first, then the database.
        traffic.webErrors = false;
        Eventually.await(
                WAIT,
                "the staging error rate resolved at PagerDuty",
                () -> event(primary, "resolve", webTrigger.getString("dedup_key")));
        Eventually.await(
                SLACK_WAIT,
                "the staging error rate resolved in Slack",
                () -> slackMessage("RESOLVED", "WebHighErrorRate", STAGING));
        traffic.postgresUp = true;
        Eventually.await(
                WAIT,
                "PostgresDown resolved for the primary",
                () -> event(primary, "resolve", dbTrigger.getString("dedup_key"), from));
        Eventually.await(
                WAIT,
                "PostgresDown resolved for the secondary",
                () -> event(secondary, "resolve", escalated.getString("dedup_key"), fromSecondary));
        Eventually.await(
                SLACK_WAIT, "PostgresDown resolved in Slack", () -> slackMessage("RESOLVED", "PostgresDown", PROD));
        Eventually.await(WAIT, "PostgresDown resolved by mail", () -> mail("[RESOLVED", "PostgresDown", PROD));

        // Production's error rate fired in the rules but reached no one.
        assertTrue(slackMessages("", "WebHighErrorRate", PROD).isEmpty(), "inhibited in Slack");
        assertEquals(null, mail("", "WebHighErrorRate", PROD), "inhibited by mail");
        assertEquals(null, trigger(primary, "WebHighErrorRate", PROD), "inhibited at PagerDuty");
        assertEquals(
                List.of("trigger", "acknowledge", "resolve"),
                actions(primary, webTrigger.getString("dedup_key"), from));
        assertEquals(List.of("trigger", "resolve"), actions(primary, dbTrigger.getString("dedup_key"), from));
        assertEquals(
                List.of("trigger", "resolve"), actions(secondary, escalated.getString("dedup_key"), fromSecondary));
    }

    /**
     * One pack alert end to end: it fires in Slack and by mail (and pages the primary when
     * critical), the system recovers, and each of them hears it resolved. Runs beside every other.
     */
    private static PackScenario drive(PackScenario s) {
        Duration fire = FIRE_WAIT.plus(s.warmup()).plus(WAIT);
        poll(fire.plus(SLACK_WAIT), s.alert() + " firing in Slack", () -> slackMessage("FIRING", s.alert(), s.mark()));
        poll(WAIT, s.alert() + " firing by mail", () -> mail("[FIRING", s.alert(), s.mark()));
        JsonObject page = s.pages()
                ? poll(WAIT, s.alert() + " paging the primary", () -> trigger(primary, s.alert(), s.mark()))
                : null;
        scenarioTraffic.recover(s);
        poll(SLACK_WAIT, s.alert() + " resolved in Slack", () -> slackMessage("RESOLVED", s.alert(), s.mark()));
        poll(WAIT, s.alert() + " resolved by mail", () -> mail("[RESOLVED", s.alert(), s.mark()));
        if (page != null) {
            poll(
                    WAIT,
                    s.alert() + " resolved at PagerDuty",
                    () -> event(primary, "resolve", page.getString("dedup_key")));
        }
        return s;
    }

    @Test
    void everyOtherPackAlertFiresAndResolvesInSlackAndByMailAndOnlyCriticalOnesPage() throws Exception {
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
        for (PackScenario s : SCENARIOS) {
            try {
                driven.get(s.alert()).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                failures.add(e.getCause().getMessage());
            } catch (java.util.concurrent.TimeoutException e) {
                failures.add(s.alert() + ": not done within the suite's bound");
            }
        }
        assertEquals(
                List.of(),
                failures,
                failures.size() + " of " + SCENARIOS.size() + " pack alerts did not go end to end");
        for (PackScenario s : SCENARIOS) {
            boolean paged = trigger(primary, s.alert(), s.mark()) != null;
            assertEquals(s.pages(), paged, s.alert() + (s.pages() ? " did not page" : " is a warning and paged"));
        }
    }

    @Test
    void runbookLinksInSlackAndPagerDutyAreAbsolute() throws Exception {
        driven.get("DatabaseHealthStatusDown").get(4, TimeUnit.MINUTES);
        String link = RUNBOOKS + "rules-examples/postgres/README.md#databasehealthstatusdown";
        JsonObject message = slackMessage("FIRING", "DatabaseHealthStatusDown", "p11-" + RUN);
        assertTrue(message.encode().contains("<" + link + "|Runbook>"), message.encode());
        JsonObject page = trigger(primary, "DatabaseHealthStatusDown", "p11-" + RUN);
        assertTrue(page.getJsonArray("links").encode().contains(link), page.encode());
    }

    /** {@link Eventually#await}, unhurried: forty scenarios poll the same fakes at once. */
    private static <T> T poll(Duration timeout, String what, java.util.function.Supplier<T> probe) {
        return Eventually.await(timeout, Duration.ofMillis(300), what, probe);
    }

    private static String replace(String text, String what, String with) {
        assertTrue(text.contains(what), "routing.yml no longer has '" + what + "'");
        return text.replace(what, with);
    }

    private static List<JsonObject> slackMessages(String status, String alert, String mark) {
        return slackSeen.all().stream()
                .filter(m -> m.json().getString("text", "").contains(status)
                        && m.encoded().contains(alert)
                        && m.encoded().contains(mark))
                .map(Received.Item::json)
                .toList();
    }

    private static JsonObject slackMessage(String status, String alert, String mark) {
        return slackMessages(status, alert, mark).stream().findFirst().orElse(null);
    }

    /** Every mail received so far, each parsed once (scenarios ask many times a second). */
    private static synchronized List<Mail> mails() {
        MimeMessage[] received = smtp.getReceivedMessages();
        for (int i = mails.size(); i < received.length; i++) {
            mails.add(Mail.of(received[i]));
        }
        return List.copyOf(mails);
    }

    private static Mail mail(String subjectStart, String alert, String mark) {
        return mails().stream()
                .filter(m -> m.subject().startsWith(subjectStart)
                        && m.subject().contains(alert)
                        && m.text().contains(mark))
                .findFirst()
                .orElse(null);
    }

    /** Triggers of this alert not yet resolved (one dedup_key per group). */
    private static long openPages(FakePagerDuty pd, String alert, String mark) {
        List<JsonObject> all = events(pd, 0).stream().map(Received.Item::json).toList();
        return all.stream()
                .filter(e -> "trigger".equals(e.getString("event_action"))
                        && e.encode().contains(alert)
                        && e.encode().contains(mark))
                .map(e -> e.getString("dedup_key"))
                .distinct()
                .filter(key -> !"resolve"
                        .equals(all.stream()
                                .filter(e -> key.equals(e.getString("dedup_key")))
                                .reduce((a, b) -> b)
                                .map(e -> e.getString("event_action"))
                                .orElse("")))
                .count();
    }

    private static List<Received.Item> events(FakePagerDuty pd, int from) {
        List<Received.Item> all = (pd == primary ? primarySeen : secondarySeen).all();
        return all.subList(Math.min(from, all.size()), all.size());
    }

    private static JsonObject trigger(FakePagerDuty pd, String alert, String mark) {
        return trigger(pd, alert, mark, 0);
    }

    /** The first trigger of this alert among the events from index {@code from} on. */
    private static JsonObject trigger(FakePagerDuty pd, String alert, String mark, int from) {
        return events(pd, from).stream()
                .filter(e -> "trigger".equals(e.json().getString("event_action"))
                        && e.encoded().contains(alert)
                        && e.encoded().contains(mark))
                .map(Received.Item::json)
                .findFirst()
                .orElse(null);
    }

    private static JsonObject event(FakePagerDuty pd, String action, String dedupKey) {
        return event(pd, action, dedupKey, 0);
    }

    private static JsonObject event(FakePagerDuty pd, String action, String dedupKey, int from) {
        return events(pd, from).stream()
                .map(Received.Item::json)
                .filter(e -> action.equals(e.getString("event_action")) && dedupKey.equals(e.getString("dedup_key")))
                .findFirst()
                .orElse(null);
    }

    private static List<String> actions(FakePagerDuty pd, String dedupKey, int from) {
        return events(pd, from).stream()
                .map(Received.Item::json)
                .filter(e -> dedupKey.equals(e.getString("dedup_key")))
                .map(e -> e.getString("event_action"))
                .toList();
    }

    /** The alert's fingerprint, as the Alertmanager API lists it. */
    private static String fingerprint(String alert, String env) {
        JsonArray alerts =
                new JsonArray(Http.get(tocsin.notifierUrl() + "/api/v2/alerts").body());
        for (int i = 0; i < alerts.size(); i++) {
            JsonObject labels = alerts.getJsonObject(i).getJsonObject("labels");
            if (alert.equals(labels.getString("alertname")) && env.equals(labels.getString("env"))) {
                return alerts.getJsonObject(i).getString("fingerprint");
            }
        }
        throw new AssertionError(alert + " {env=" + env + "} is not in GET /api/v2/alerts");
    }
}
