package io.tocsin.notifier.api;

import io.tocsin.core.kafka.Topics;
import io.tocsin.notifier.ack.AckLinks;
import io.tocsin.notifier.ack.AckToken;
import io.tocsin.notifier.ack.Acknowledgement;
import io.tocsin.notifier.dispatch.AlertGroup;
import io.tocsin.notifier.escalation.Escalation;
import io.tocsin.ops.HttpErrors.BadRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Collection;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Tocsin's own endpoints next to Alertmanager's: acknowledge an alert (by its fingerprint, as
 * GET /api/v2/alerts shows it), which stops escalation and repeats in every group it fires in,
 * and see where each of those groups is in its escalation.
 */
public final class AckApi {
    private final Producer<String, Acknowledgement> producer;
    private final Supplier<? extends Collection<AlertGroup>> groups;
    private final Clock clock;
    /** Those of the config in force: a reload that changes the key or the URL changes them. */
    private final Supplier<AckLinks> links;

    public AckApi(
            Producer<String, Acknowledgement> producer,
            Supplier<? extends Collection<AlertGroup>> groups,
            Clock clock) {
        this(producer, groups, clock, AckLinks.NONE);
    }

    /** @param links checks the tokens of acknowledge links */
    public AckApi(
            Producer<String, Acknowledgement> producer,
            Supplier<? extends Collection<AlertGroup>> groups,
            Clock clock,
            AckLinks links) {
        this(producer, groups, clock, () -> links);
    }

    /** @param links checks the tokens of acknowledge links, as the config in force signs them */
    public AckApi(
            Producer<String, Acknowledgement> producer,
            Supplier<? extends Collection<AlertGroup>> groups,
            Clock clock,
            Supplier<AckLinks> links) {
        this.producer = producer;
        this.groups = groups;
        this.clock = clock;
        this.links = links;
    }

    public void mount(Router router) {
        router.post("/api/tocsin/v1/alerts/:fingerprint/ack").handler(this::ack);
        router.get("/api/tocsin/v1/alerts/:fingerprint/escalation").handler(this::escalation);
        router.get(AckLinks.PATH + ":token").handler(this::confirmLink);
        router.post(AckLinks.PATH + ":token").handler(this::ackByLink);
    }

    /** A followed acknowledge link: a page asking to confirm; a GET changes nothing (mail scanners follow links). */
    private void confirmLink(RoutingContext ctx) {
        AckToken t = checkedLink(ctx);
        if (t != null) {
            ctx.response().setStatusCode(200).end(AckPage.confirm(t.fingerprint(), t.by()));
        }
    }

    /** The confirmation page's button: the same acknowledgement as the API's, answered with a page. */
    private void ackByLink(RoutingContext ctx) {
        AckToken t = checkedLink(ctx);
        if (t == null) {
            return;
        }
        write(
                t.fingerprint(),
                new Acknowledgement(t.by(), "by e-mail link", clock.instant()),
                ctx,
                () -> ctx.response().setStatusCode(200).end(AckPage.acknowledged(t.fingerprint(), t.by())));
    }

    /** The link's token if it is valid; otherwise answers 403 with the reason and returns null. */
    private AckToken checkedLink(RoutingContext ctx) {
        // The token is a credential for one alert: keep it out of caches and of Referer headers.
        ctx.response()
                .putHeader("Cache-Control", "no-store")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Content-Type", "text/html; charset=utf-8");
        AckToken.Checked checked = links.get().check(ctx.pathParam("token"));
        if (checked instanceof AckToken.Refused r) {
            ctx.response().setStatusCode(403).end(AckPage.refused(r.reason()));
            return null;
        }
        return ((AckToken.Valid) checked).token();
    }

    private void ack(RoutingContext ctx) {
        String fp = ctx.pathParam("fingerprint");
        JsonObject body = Json.object(ctx);
        String by = body.getValue("by") instanceof String s ? s.strip() : "";
        if (by.isEmpty()) {
            throw new BadRequest("by is required: who acknowledges");
        }
        String comment = body.getValue("comment") instanceof String c ? c : "";
        if (by.length() > 200 || comment.length() > 2000) {
            throw new BadRequest("by is limited to 200 characters and comment to 2000");
        }
        write(
                fp,
                new Acknowledgement(by, comment, clock.instant()),
                ctx,
                () -> Json.send(
                        ctx, 202, new JsonObject().put("acknowledged", fp).put("by", by)));
    }

    /** Answers only once Kafka has the acknowledgement: the dispatch applies it from there. */
    private void write(String fingerprint, Acknowledgement ack, RoutingContext ctx, Runnable onWritten) {
        producer.send(new ProducerRecord<>(Topics.ACKS, fingerprint, ack), (meta, e) -> {
            if (e != null) {
                ctx.fail(new BadRequest(503, "the acknowledgement could not be written to Kafka", 1));
            } else {
                onWritten.run();
            }
        });
    }

    private void escalation(RoutingContext ctx) {
        String fp = ctx.pathParam("fingerprint");
        JsonArray out = new JsonArray();
        for (AlertGroup g : groups.get()) {
            if (g == null || !(g.alerts().containsKey(fp) || g.told().containsKey(fp))) {
                continue;
            }
            Escalation e = g.escalation();
            Acknowledgement a = g.ack();
            out.add(new JsonObject()
                    .put("receiver", g.ref().receiver())
                    .put("groupKey", g.ref().groupKey())
                    .put("policy", g.ref().escalation())
                    .put(
                            "acknowledged",
                            a == null
                                    ? null
                                    : new JsonObject()
                                            .put("by", a.by())
                                            .put("comment", a.comment())
                                            .put("at", a.at().toString()))
                    .put(
                            "escalation",
                            e == null
                                    ? null
                                    : new JsonObject()
                                            .put("policy", e.policy())
                                            .put("startedAt", e.startedAt().toString())
                                            .put("nextStep", e.nextStep())
                                            .put(
                                                    "nextDue",
                                                    e.nextDue() == null
                                                            ? null
                                                            : e.nextDue().toString())
                                            .put(
                                                    "notified",
                                                    new JsonArray(e.notified().stream()
                                                            .toList()))
                                            .put("stopped", e.stopped())));
        }
        if (out.isEmpty()) {
            throw new BadRequest(404, "no group holds an alert with fingerprint " + fp, null);
        }
        Json.send(ctx, 200, out);
    }
}
