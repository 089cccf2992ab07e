package io.tocsin.server;

import io.tocsin.ingest.auth.ClientsFile;
import io.tocsin.ops.auth.ControlAccess;
import io.tocsin.ops.auth.ControlTokens;
import java.nio.file.Path;
import java.util.Map;

/**
 * The control APIs' access from the environment: TOCSIN_CONTROL_TOKENS_FILE (read with the ingest
 * clients file's reader: one format, one parser) and TOCSIN_ALLOW_UNAUTHENTICATED.
 */
final class ControlSettings {
    private ControlSettings() {}

    static ControlAccess fromEnv(Map<String, String> env) {
        String file = env.get(ControlAccess.TOKENS_FILE);
        ControlTokens tokens = file == null || file.isBlank() ? ControlTokens.NONE
                : new ControlTokens(ClientsFile.loadControlTokens(Path.of(file.strip()), env));
        return new ControlAccess(tokens, ControlAccess.allowUnauthenticated(env));
    }
}
