package io.tocsin.tests.console;

import static io.tocsin.tests.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.console.ConsoleServer;
import io.tocsin.console.ConsoleSettings;
import io.tocsin.notifier.channel.webhook.FakeWebhook;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.Tocsin;
import io.tocsin.server.TocsinOptions;
import io.tocsin.tests.Http;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser against the real pipeline (ingest → rules → notifier on the
 * in-process broker): the on-call loop of seeing, silencing, expiring, acknowledging and asking
 * why. Every test uses its own instance label, so they share one pipeline and one browser.
 */
@ExtendWith(KafkaBroker.class)
class ConsoleIT {
    private static final String RULES = """
            groups:
              - name: console-it
                rules:
                  - alert: ConsoleDiskFull
                    select: 'console_disk_used'
                    aggregate: max
                    window: 10m
                    by: [instance, dc]
                    condition: '> 90'
                    labels: {severity: warning}
                    annotations:
                      summary: 'disk on {{ $labels.instance }} at {{ $value }}%'
                  - alert: ConsoleDiskFilling
                    select: 'console_disk_used'
                    aggregate: max
                    window: 10m
                    by: [instance]
                    condition: '> 80'
                    for: 10m
                  - alert: ConsoleDbDown
                    select: 'console_db_up'
                    aggregate: max
                    window: 10m
                    by: [instance]
                    condition: '< 1'
                    labels: {severity: critical}
                  - alert: ConsoleDcDown
                    select: 'console_dc_down'
                    aggregate: max
                    window: 10m
                    by: [dc]
                    condition: '> 0'
            """;
    private static final String ROUTING = """
            route:
              receiver: con-hook
              group_by: [alertname, instance]
              group_wait: 0s
              group_interval: 1s
              repeat_interval: 2s
              routes:
                - matchers: ['alertname="ConsoleDbDown"']
                  receiver: con-team
                  group_by: [alertname, instance]
                  group_wait: 0s
                  repeat_interval: 1h
                  escalation_policy: oncall
            receivers:
              - name: con-hook
                webhook_configs: [{url_env: HOOK}]
              - name: con-team
              - name: con-primary
                webhook_configs: [{url_env: PRIMARY}]
              - name: con-secondary
                webhook_configs: [{url_env: SECONDARY}]
            escalation_policies:
              - name: oncall
                repeat: 0
                steps:
                  - receivers: [con-primary]
                    wait: 30s
                  - receivers: [con-secondary]
                    wait: 30s
            inhibit_rules:
              - source_matchers: ['alertname="ConsoleDcDown"']
                target_matchers: ['alertname="ConsoleDiskFull"']
                equal: [dc]
            """;

    private static Vertx vertx;
    private static FakeWebhook hook;
    private static FakeWebhook primary;
    private static FakeWebhook secondary;
    private static Tocsin tocsin;
    private static ConsoleServer console;
    private static String consoleUrl;
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        vertx = Vertx.vertx();
        hook = FakeWebhook.start(vertx);
        primary = FakeWebhook.start(vertx);
        secondary = FakeWebhook.start(vertx);
        Path dir = Files.createDirectories(Path.of("target", "it-console-" + UUID.randomUUID()));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("console.rules.yml"), RULES);
        Path routing = dir.resolve("notifier.yml");
        Files.writeString(routing, ROUTING);
        tocsin = Tocsin.start(new TocsinOptions(
                KafkaBroker.bootstrap(),
                dir.resolve("state"),
                rules,
                routing,
                0,
                0,
                0,
                1,
                "it-con-" + UUID.randomUUID().toString().substring(0, 8) + "-",
                TopologySettings.DEFAULTS,
                Map.of("HOOK", hook.url(), "PRIMARY", primary.url(), "SECONDARY", secondary.url())));
        console = new ConsoleServer(
                vertx, new ConsoleSettings("127.0.0.1", 0, tocsin.notifierUrl(), tocsin.rulesUrl(), null, false));
        consoleUrl = "http://127.0.0.1:"
                + console.start().toCompletionStage().toCompletableFuture().get() + "/";
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (console != null) {
            console.stop().toCompletionStage().toCompletableFuture().get();
        }
        if (tocsin != null) {
            tocsin.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void anAlertFiredThroughIngestAppearsOnTheOpenPageWithinTwoSecondsAndAPendingOneWithItsProgress() {
        browser.driver.get(consoleUrl);
        long posted = System.nanoTime();
        sample("console_disk_used", Map.of("instance", "c-live"), 95);
        await(Duration.ofSeconds(30), "the notifier to hold c-live", () -> notifierAlert("c-live"));
        long known = System.nanoTime();
        String row = rowText("c-live", "c-live", 2);
        long shown = System.nanoTime();
        System.out.printf(
                "console: c-live in the notifier %d ms after the post, on the open page %d ms later%n",
                (known - posted) / 1_000_000, (shown - known) / 1_000_000);
        assertTrue(rowText("c-live", "95", 5).contains("active"), row);
        String pending = new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(
                        d -> d
                                .findElements(
                                        By.xpath("//section[contains(@class,'pending')]//tr[contains(., 'c-live')]"))
                                .stream()
                                .map(WebElement::getText)
                                .findFirst()
                                .orElse(null));
        assertTrue(pending.contains("of 10m"), pending);
        browser.screenshot("console-alerts-live");

        browser.driver.get(consoleUrl + "rules");
        String rules = browser.driver.findElement(By.tagName("main")).getText();
        assertTrue(rules.contains("console.rules.yml:4"), rules);
        assertTrue(rules.contains("{dc=\"\", instance=\"c-live\"}") || rules.contains("instance=\"c-live\""), rules);
        browser.screenshot("console-rules");
    }

    @Test
    void silencingFromThePageStopsNotificationsSaysByWhichSilenceAndExpiringBringsThemBack() throws Exception {
        sample("console_disk_used", Map.of("instance", "c-quiet"), 97);
        await(Duration.ofSeconds(30), "c-quiet notified", () -> firingTold("c-quiet") >= 1 ? true : null);

        browser.driver.get(consoleUrl);
        browser.driver.get(rowAttribute("c-quiet", By.linkText("silence"), "href", 20));
        String prefilled = browser.driver.findElement(By.name("matchers")).getAttribute("value");
        assertTrue(prefilled.contains("instance=\"c-quiet\""), prefilled);
        browser.driver.findElement(By.name("createdBy")).sendKeys("ana");
        browser.driver.findElement(By.name("comment")).sendKeys("disk being replaced");
        browser.screenshot("console-silence-form");
        browser.driver.findElement(By.cssSelector("form.silence-form button")).click();
        String silenceId = waitFor(By.id("silence-id"), 10).getText();
        assertEquals(
                "active", browser.driver.findElement(By.id("silence-state")).getText());

        browser.driver.get(consoleUrl);
        rowText("c-quiet", "silenced by", 5);
        String link = rowAttribute("c-quiet", By.cssSelector("a.silence-link"), "href", 5);
        assertTrue(link.endsWith("/silences/" + silenceId), link);
        browser.screenshot("console-silenced");

        Thread.sleep(2_000); // what was in flight when the silence was made lands first
        int before = firingTold("c-quiet");
        Thread.sleep(6_000); // three repeat intervals
        assertEquals(before, firingTold("c-quiet"), "no firing notification while silenced");

        browser.driver.get(consoleUrl + "silences/" + silenceId);
        browser.driver.findElement(By.cssSelector("button.expire")).click();
        // The expire button posts and the page is replaced: an element found before that goes stale.
        new WebDriverWait(browser.driver, Duration.ofSeconds(5))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("silence-state")).getText().equals("expired"));
        browser.screenshot("console-silence-expired");
        await(Duration.ofSeconds(15), "c-quiet notified again", () -> firingTold("c-quiet") > before ? true : null);
    }

    @Test
    void anAcknowledgementFromThePageStopsTheEscalation() throws Exception {
        sample("console_db_up", Map.of("instance", "c-esc"), 0);
        await(Duration.ofSeconds(30), "step 1 of the escalation", () -> told(primary, "c-esc") >= 1 ? true : null);
        long stepOne = System.nanoTime();
        String fp = notifierAlert("c-esc").getString("fingerprint");

        browser.driver.get(consoleUrl + "alerts/" + fp);
        browser.driver.findElement(By.name("by")).sendKeys("ana");
        browser.driver.findElement(By.name("comment")).sendKeys("looking at the primary");
        browser.driver.findElement(By.cssSelector("form.ack-form button")).click();
        assertEquals("Acknowledged by ana.", waitFor(By.id("notice"), 10).getText());
        long ackedAfterMs = (System.nanoTime() - stepOne) / 1_000_000;
        assertTrue(
                ackedAfterMs < 30_000, "the machine was too slow: acknowledged " + ackedAfterMs + " ms after step 1");
        System.out.printf(
                "console: acknowledged %d ms after step 1; escalation now %s%n",
                (System.nanoTime() - stepOne) / 1_000_000,
                Http.get(tocsin.notifierUrl() + "/api/tocsin/v1/alerts/" + fp + "/escalation")
                        .body());
        new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    d.navigate().refresh();
                    return d.findElement(By.tagName("main")).getText().contains("acknowledged by ana");
                });
        browser.screenshot("console-acknowledged");

        // Step 2 was due 30 s after step 1: wait past it, then nobody further may have been paged.
        long dueMs = 30_000 + 4_000 - (System.nanoTime() - stepOne) / 1_000_000;
        if (dueMs > 0) {
            Thread.sleep(dueMs);
        }
        assertEquals(0, told(secondary, "c-esc"), "the second step is not paged after the acknowledgement");
    }

    @Test
    void aLabelValueWithAScriptTagRendersAsText() {
        String evil = "<script>window.pwned=1</script>";
        sample("console_disk_used", Map.of("instance", evil), 99);
        browser.driver.get(consoleUrl);
        String row = rowText(evil, evil, 30);
        assertTrue(row.contains("ConsoleDiskFull"), row);
        assertNull(browser.driver.executeScript("return window.pwned;"), "the label's script did not run");
        browser.driver.findElement(By.cssSelector("a.alertname[href*='/alerts/']"));
        browser.screenshot("console-script-label");
    }

    @Test
    void theWhyPageExplainsASilencedAlertAndAnInhibitedOne() {
        sample("console_disk_used", Map.of("instance", "c-why"), 96);
        sample("console_disk_used", Map.of("instance", "c-inh", "dc", "dc1"), 96);
        sample("console_dc_down", Map.of("dc", "dc1"), 1);
        JsonObject why = await(Duration.ofSeconds(30), "c-why in the notifier", () -> notifierAlert("c-why"));
        await(Duration.ofSeconds(30), "c-inh in the notifier", () -> notifierAlert("c-inh"));
        String silenceId = silence("c-why");

        browser.driver.get(consoleUrl);
        String inhibited = rowText("c-inh", "inhibited by", 15);
        assertTrue(inhibited.contains("ConsoleDiskFull"), inhibited);
        browser.screenshot("console-inhibited");

        browser.driver.get(consoleUrl + "why?match="
                + URLEncoder.encode(io.tocsin.console.view.LabelText.selector(labels(why)), StandardCharsets.UTF_8));
        assertEquals("silenced", waitFor(By.id("verdict"), 10).getText());
        assertTrue(browser.driver.findElement(By.id("silenced-by")).getText().contains(silenceId));
        browser.screenshot("console-why-silenced");

        JsonObject inh = notifierAlert("c-inh");
        browser.driver.get(consoleUrl + "why?match="
                + URLEncoder.encode(io.tocsin.console.view.LabelText.selector(labels(inh)), StandardCharsets.UTF_8));
        assertEquals("inhibited", waitFor(By.id("verdict"), 10).getText());
        assertTrue(browser.driver.findElement(By.id("inhibited-by")).getText().contains("ConsoleDcDown"));
        browser.screenshot("console-why-inhibited");
    }

    private static Map<String, String> labels(JsonObject alert) {
        Map<String, String> out = new java.util.TreeMap<>();
        alert.getJsonObject("labels").forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
        return out;
    }

    /** The row of an instance's firing alert (pending ones have a section of their own). */
    private static By rowOf(String instance) {
        return By.xpath("//div[@id='board']/section[not(contains(@class,'pending'))]"
                + "//tr[contains(@class,'alert') and .//span[contains(@class,'label')"
                + " and contains(., " + xpathLiteral(instance) + ")]]");
    }

    private static String xpathLiteral(String s) {
        return s.contains("'") ? "\"" + s + "\"" : "'" + s + "'";
    }

    private static WebElement waitFor(By by, int seconds) {
        try {
            return new WebDriverWait(browser.driver, Duration.ofSeconds(seconds))
                    .until(d -> d.findElements(by).stream().findFirst().orElse(null));
        } catch (org.openqa.selenium.TimeoutException e) {
            // What the page said instead is the diagnosis.
            throw new AssertionError(
                    "no " + by + " on " + browser.driver.getCurrentUrl() + " within " + seconds
                            + " s; the page reads:\n"
                            + browser.driver.findElement(By.tagName("body")).getText(),
                    e);
        }
    }

    /**
     * The text of an instance's row on the open Alerts page once it contains {@code expected}. The
     * board is replaced every second, so the row is read inside the wait, never held.
     */
    private static String rowText(String instance, String expected, int seconds) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(seconds))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(rowOf(instance)).stream()
                        .map(WebElement::getText)
                        .filter(t -> t.contains(expected))
                        .findFirst()
                        .orElse(null));
    }

    /** An attribute of an element in the instance's row, read inside the wait for the same reason. */
    private static String rowAttribute(String instance, By inRow, String attribute, int seconds) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(seconds))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(rowOf(instance)).stream()
                        .flatMap(r -> r.findElements(inRow).stream())
                        .map(e -> e.getAttribute(attribute))
                        .findFirst()
                        .orElse(null));
    }

    private static void sample(String name, Map<String, String> labels, double value) {
        JsonObject s = new JsonObject()
                .put("name", name)
                .put("labels", new JsonObject(new java.util.LinkedHashMap<>(labels)))
                .put("value", value);
        HttpResponse<String> r = Http.post(
                tocsin.ingestUrl() + "/v1/samples",
                new JsonObject().put("samples", new JsonArray().add(s)).encode());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static JsonObject notifierAlert(String instance) {
        HttpResponse<String> r = Http.get(tocsin.notifierUrl() + "/api/v2/alerts");
        if (r.statusCode() != 200) {
            return null;
        }
        for (Object o : new JsonArray(r.body())) {
            JsonObject a = (JsonObject) o;
            if (instance.equals(a.getJsonObject("labels").getString("instance"))) {
                return a;
            }
        }
        return null;
    }

    private static String silence(String instance) {
        JsonObject body = new JsonObject()
                .put(
                        "matchers",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("name", "instance")
                                        .put("value", instance)
                                        .put("isRegex", false)
                                        .put("isEqual", true)))
                .put("startsAt", Instant.now().toString())
                .put("endsAt", Instant.now().plusSeconds(3600).toString())
                .put("createdBy", "it")
                .put("comment", "why test");
        HttpResponse<String> r = Http.post(tocsin.notifierUrl() + "/api/v2/silences", body.encode());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("silenceID");
    }

    /** Firing notifications the catch-all webhook received that carry this instance's alert. */
    private static int firingTold(String instance) {
        return (int) hook.received().stream()
                .filter(p -> "firing".equals(p.getString("status")) && carries(p, instance))
                .count();
    }

    private static int told(FakeWebhook h, String instance) {
        return (int) h.received().stream().filter(p -> carries(p, instance)).count();
    }

    private static boolean carries(JsonObject payload, String instance) {
        for (Object o : payload.getJsonArray("alerts", new JsonArray())) {
            JsonObject a = (JsonObject) o;
            if (instance.equals(a.getJsonObject("labels").getString("instance"))
                    && "firing".equals(a.getString("status"))) {
                return true;
            }
        }
        return false;
    }
}
