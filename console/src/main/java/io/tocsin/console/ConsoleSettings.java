package io.tocsin.console;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * Where the console listens and what it reads.
 *
 * @param notifierUrl the notifier's base URL, e.g. {@code http://127.0.0.1:9472}
 * @param rulesUrl    the rules service's base URL
 * @param token       the bearer token sent to both APIs, or null when they are open
 * @param anyHost     whether it may listen beyond loopback (TOCSIN_ALLOW_UNAUTHENTICATED)
 */
public record ConsoleSettings(
        String host, int port, String notifierUrl, String rulesUrl, String token, boolean anyHost) {

    public static ConsoleSettings fromEnv(Map<String, String> env, String notifierUrl, String rulesUrl) {
        Env e = new Env(env);
        String token = e.given(Setting.TOCSIN_CONSOLE_TOKEN_FILE)
                .map(f -> {
                    try {
                        return Files.readString(java.nio.file.Path.of(f)).strip();
                    } catch (IOException x) {
                        throw new UncheckedIOException("cannot read TOCSIN_CONSOLE_TOKEN_FILE " + f, x);
                    }
                })
                .orElse(null);
        return new ConsoleSettings(
                e.string(Setting.TOCSIN_CONSOLE_HOST),
                e.port(Setting.TOCSIN_CONSOLE_PORT),
                notifierUrl,
                rulesUrl,
                token,
                e.bool(Setting.TOCSIN_ALLOW_UNAUTHENTICATED));
    }

    public ConsoleSettings withPort(int p) {
        return new ConsoleSettings(host, p, notifierUrl, rulesUrl, token, anyHost);
    }

    /** The console acts with its token for whoever reaches it: beyond loopback only when told so. */
    boolean loopback() {
        return host.equals("127.0.0.1") || host.equals("::1") || host.equals("localhost");
    }
}
