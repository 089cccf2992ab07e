package io.tocsin.server.cli.api;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
import io.tocsin.server.cli.CliContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the running notifier is and how to authenticate: shared by the commands that read it. */
public final class ApiOptions {
    @Option(
            names = "--notifier",
            paramLabel = "URL",
            description =
                    "The notifier's base URL (default: from TOCSIN_NOTIFIER_HOST and TOCSIN_NOTIFIER_PORT, 127.0.0.1:9472).")
    String notifier;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "A file holding an API token (default: the TOCSIN_API_TOKEN variable; none: no token).")
    Path tokenFile;

    @Option(names = "--json", description = "Print the service's JSON answer as it is instead of text.")
    boolean json;

    ApiClient notifier(CliContext ctx) {
        Env env = new Env(ctx.env());
        String url = notifier != null
                ? notifier
                : "http://" + connectable(env.string(Setting.TOCSIN_NOTIFIER_HOST)) + ":"
                        + env.port(Setting.TOCSIN_NOTIFIER_PORT);
        return new ApiClient(url, token(env));
    }

    private String token(Env env) {
        if (tokenFile != null) {
            try {
                return Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --token-file " + tokenFile + ": " + e.getMessage(), e);
            }
        }
        return env.given(Setting.TOCSIN_API_TOKEN).orElse(null);
    }

    /** A service listening on every address is reached on loopback. */
    private static String connectable(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }
}
