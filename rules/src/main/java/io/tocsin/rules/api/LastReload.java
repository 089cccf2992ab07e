package io.tocsin.rules.api;

import java.time.Instant;
import java.util.List;

/**
 * The last look at the rule directory that found a change, or the load at start.
 *
 * @param errors every {@code file:line:col} reason the change was rejected; empty when applied
 */
public record LastReload(Instant at, boolean ok, List<String> errors) {
    public LastReload {
        errors = List.copyOf(errors);
    }
}
