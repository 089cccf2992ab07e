package io.tocsin.ingest.config;

/** A mistake in a configuration file, located as file:line:col so that an editor can jump to it. */
public final class ConfigError extends RuntimeException {

    public ConfigError(String file, int line, int column, String problem) {
        super(file + ":" + line + ":" + column + ": " + problem, null, false, false);
    }
}
