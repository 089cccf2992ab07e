package io.tocsin.ingest.collect;

import io.tocsin.core.config.Secret;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A PostgreSQL server whose replication and connections ingest measures.
 *
 * @param name the job label of every sample it produces
 * @param password null when the server lets the user in without one (trust, peer, certificate)
 * @param sslMode pgjdbc's sslmode (disable, allow, prefer, require, verify-ca, verify-full)
 * @param timeout bounds connecting and every statement
 */
public record PostgresTarget(
        String name,
        String host,
        int port,
        String database,
        String user,
        Secret password,
        String sslMode,
        Duration interval,
        Duration timeout,
        Map<String, String> labels) {

    public static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    public PostgresTarget {
        if (!SSL_MODES.contains(sslMode)) {
            throw new IllegalArgumentException("sslmode must be one of " + new java.util.TreeSet<>(SSL_MODES));
        }
        labels = Map.copyOf(labels);
    }

    /** The instance label: where the server listens, never who logs in. */
    public String instance() {
        return host + ":" + port;
    }
}
