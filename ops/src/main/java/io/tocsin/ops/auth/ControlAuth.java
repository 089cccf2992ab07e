package io.tocsin.ops.auth;

import io.tocsin.ops.HttpErrors.BadRequest;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Predicate;

/**
 * The route handler in front of a control API: reads come with a read token, changes with a write
 * token (by HTTP method), before the body is read. 401 says Bearer is expected, 403 names the
 * missing scope.
 */
public final class ControlAuth implements Handler<RoutingContext> {
    private final ControlTokens tokens;
    private final Predicate<String> exempt;

    private ControlAuth(ControlTokens tokens, Predicate<String> exempt) {
        this.tokens = tokens;
        this.exempt = exempt;
    }

    public static ControlAuth of(ControlTokens tokens) {
        return new ControlAuth(tokens, path -> false);
    }

    /** Paths that carry their own credential (an acknowledge link's signed token) pass untouched. */
    public ControlAuth except(Predicate<String> path) {
        return new ControlAuth(tokens, path);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (exempt.test(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        ControlTokens.Verdict verdict = tokens.authorize(
                ctx.request().getHeader("Authorization"),
                Scope.of(ctx.request().method().name()));
        if (verdict instanceof ControlTokens.Refused r) {
            if (r.status() == 401) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"tocsin\"");
            }
            ctx.fail(new BadRequest(r.status(), r.reason(), null));
            return;
        }
        ctx.next();
    }
}
