package io.tocsin.server;

import io.tocsin.core.settings.Env;
import io.tocsin.core.settings.Setting;
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

    static ControlAccess fromEnv(Map<String, String> vars) {
        ControlTokens tokens = new Env(vars)
                .given(Setting.TOCSIN_CONTROL_TOKENS_FILE)
                .map(file -> new ControlTokens(ClientsFile.loadControlTokens(Path.of(file), vars)))
                .orElse(ControlTokens.NONE);
        return new ControlAccess(tokens, ControlAccess.allowUnauthenticated(vars));
    }
}
