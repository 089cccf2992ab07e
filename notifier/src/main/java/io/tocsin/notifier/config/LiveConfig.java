package io.tocsin.notifier.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The config the notifier runs now, swapped whole by a reload. Every reader (the route and group
 * stages, delivery, the API) asks for it each time it decides, never keeps a copy, so a reload
 * takes effect for the next alert and state kept elsewhere (groups, silences, acknowledgements,
 * escalations) carries over untouched.
 */
public final class LiveConfig implements Supplier<NotifierConfig> {
    /** A config in force: what it is, a hash of it, since when. */
    public record Loaded(NotifierConfig config, double hash, Instant at) {
        public Loaded {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(at, "at");
        }
    }

    /** The last reload attempt: whether it was taken, and every file:line:col reason if not. */
    public record Attempt(boolean ok, List<String> errors, Instant at) {
        public Attempt {
            errors = List.copyOf(errors);
        }
    }

    private final AtomicReference<Loaded> current;
    private volatile Attempt last;

    public LiveConfig(NotifierConfig initial, Instant at) {
        current = new AtomicReference<>(new Loaded(initial, hash(initial), at));
        last = new Attempt(true, List.of(), at);
    }

    @Override
    public NotifierConfig get() {
        return current.get().config();
    }

    public Loaded loaded() {
        return current.get();
    }

    public Attempt lastAttempt() {
        return last;
    }

    /** Puts {@code next} in force for every reader at once. */
    public void swap(NotifierConfig next, Instant at) {
        current.set(new Loaded(next, hash(next), at));
        last = new Attempt(true, List.of(), at);
    }

    /** A reload that was refused: the config in force stays. */
    public void refused(List<String> errors, Instant at) {
        last = new Attempt(false, errors, at);
    }

    /**
     * A number that changes when the config does (Alertmanager's alertmanager_config_hash): the
     * first 48 bits of the SHA-256 of the config as loaded (credentials redacted), exact in a
     * double.
     */
    static double hash(NotifierConfig config) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((config.original() + "\n" + config.notices()).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 6; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
