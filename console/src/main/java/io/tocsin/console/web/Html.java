package io.tocsin.console.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Renders the templates compiled at build time (jte-maven-plugin): no template compiler at run
 * time, and every {@code ${...}} is HTML-escaped for its context by JTE's Html content type.
 */
final class Html {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Html() {}

    static String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        ENGINE.render(template, params, out);
        return out.toString();
    }

    static void send(RoutingContext ctx, int status, String template, Map<String, Object> params) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .end(render(template, params));
    }

    /** After a form: back to a page (Post/Redirect/Get), so a reload does not post twice. */
    static void redirect(RoutingContext ctx, String location) {
        ctx.response().setStatusCode(303).putHeader("Location", location).end();
    }
}
