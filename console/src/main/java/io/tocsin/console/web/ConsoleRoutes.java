package io.tocsin.console.web;

import io.tocsin.console.source.ApiClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;

/** The console's pages, forms and static files, behind its security headers. */
public final class ConsoleRoutes {
    /** Forms are small; anything larger is not the console's. */
    private static final long FORM_LIMIT_BYTES = 64 * 1024;
    /** No inline script or style anywhere: scripts and styles come from this origin only. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final String HTMX = "META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js";

    private ConsoleRoutes() {}

    public static Router router(Vertx vertx, ApiClient notifier, ApiClient rules, Clock clock) {
        AlertPages alerts = new AlertPages(notifier, rules, clock);
        SilencePages silences = new SilencePages(notifier, clock);
        RulesPage rulesPage = new RulesPage(rules, clock);
        WhyPage why = new WhyPage(notifier);
        Buffer htmx = resource(HTMX);
        Buffer css = resource("console/console.css");

        Router router = Router.router(vertx);
        router.route().handler(ConsoleRoutes::headers);
        router.post().handler(ConsoleRoutes::sameOrigin);
        router.post().handler(BodyHandler.create(false).setBodyLimit(FORM_LIMIT_BYTES));
        router.get("/static/htmx.min.js").handler(ctx -> file(ctx, htmx, "text/javascript"));
        router.get("/static/console.css").handler(ctx -> file(ctx, css, "text/css"));
        router.get("/").handler(alerts::page);
        router.get("/fragments/alerts").handler(alerts::fragment);
        router.get("/alerts/:fingerprint").handler(alerts::detail);
        router.post("/alerts/:fingerprint/ack").handler(alerts::ack);
        router.get("/silences").handler(silences::list);
        router.get("/silences/new").handler(silences::newForm);
        router.post("/silences").handler(silences::save);
        router.get("/silences/:id").handler(silences::one);
        router.get("/silences/:id/edit").handler(silences::editForm);
        router.post("/silences/:id").handler(silences::save);
        router.post("/silences/:id/expire").handler(silences::expire);
        router.get("/rules").handler(rulesPage::page);
        router.get("/why").handler(why::page);
        return router;
    }

    private static void headers(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin")
                .putHeader("Cache-Control", "no-store");
        ctx.next();
    }

    /**
     * The console acts with its own token: a form posted from another site (CSRF) must not act
     * through it. Browsers say where a request comes from in Sec-Fetch-Site, or at least in Origin.
     */
    private static void sameOrigin(RoutingContext ctx) {
        String site = ctx.request().getHeader("Sec-Fetch-Site");
        String origin = ctx.request().getHeader("Origin");
        String host = ctx.request().getHeader("Host");
        boolean foreign = site != null
                ? !(site.equals("same-origin") || site.equals("none"))
                : origin != null && !origin.equals("null") && host != null && !origin.endsWith("://" + host);
        if (foreign) {
            ctx.response().setStatusCode(403).end("cross-site form refused");
            return;
        }
        ctx.next();
    }

    private static void file(RoutingContext ctx, Buffer body, String type) {
        ctx.response()
                .putHeader("Content-Type", type + "; charset=utf-8")
                .putHeader("Cache-Control", "max-age=3600")
                .end(body);
    }

    private static Buffer resource(String path) {
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(
                        path + " is not on the classpath (the htmx WebJar or the console's own resources)");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
