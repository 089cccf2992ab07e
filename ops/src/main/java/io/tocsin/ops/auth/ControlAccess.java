package io.tocsin.ops.auth;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Who may use a service's control API and where it may listen.
 *
 * @param allowUnauthenticated TOCSIN_ALLOW_UNAUTHENTICATED=true: listen beyond loopback without tokens
 */
public record ControlAccess(ControlTokens tokens, boolean allowUnauthenticated) {
    public static final String TOKENS_FILE = Setting.TOCSIN_CONTROL_TOKENS_FILE.name();

    /** No tokens: open, and therefore on loopback only. */
    public static final ControlAccess LOOPBACK_ONLY = new ControlAccess(ControlTokens.NONE, false);

    /** @throws IllegalArgumentException when the setting is neither true nor false */
    public static boolean allowUnauthenticated(Map<String, String> env) {
        return new Env(env).bool(Setting.TOCSIN_ALLOW_UNAUTHENTICATED);
    }

    public BindRule.Decision bind(String service, String host) {
        return BindRule.decide(
                service, host, BindRule.isLoopback(host), !tokens.isOpen(), allowUnauthenticated, TOKENS_FILE);
    }

    /** Says at start how the service listens, or throws {@link IllegalStateException} saying why it must not. */
    public void admit(String service, String host, Logger log) {
        BindRule.Decision decision = bind(service, host);
        if (decision instanceof BindRule.Refuse refuse) {
            throw new IllegalStateException(refuse.reason());
        }
        BindRule.Listen listen = (BindRule.Listen) decision;
        if (listen.warn()) {
            log.warn(listen.notice());
        } else {
            log.info(listen.notice());
        }
    }

    public ControlAuth auth() {
        return ControlAuth.of(tokens);
    }
}
