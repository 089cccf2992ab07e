package io.tocsin.notifier.silence;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.tocsin.core.label.Matcher;
import io.tocsin.core.wire.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A silence: alerts whose labels match every matcher are not told between startsAt and endsAt.
 * The value of tocsin.silences.v1 (keyed by id); expiring one rewrites it with endsAt = now.
 */
public record Silence(
        String id,
        List<SilenceMatcher> matchers,
        Instant startsAt,
        Instant endsAt,
        String createdBy,
        String comment,
        Instant updatedAt) {

    public enum State {
        PENDING,
        ACTIVE,
        EXPIRED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Silence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        matchers = List.copyOf(matchers);
        createdBy = createdBy == null ? "" : createdBy;
        comment = comment == null ? "" : comment;
    }

    public State state(Instant now) {
        if (now.isBefore(startsAt)) {
            return State.PENDING;
        }
        return now.isBefore(endsAt) ? State.ACTIVE : State.EXPIRED;
    }

    @JsonIgnore
    public List<Matcher> compiled() {
        return matchers.stream().map(SilenceMatcher::toMatcher).toList();
    }

    /** Whether this silence mutes an alert with these labels at {@code now}. */
    public boolean mutes(Labels labels, Instant now) {
        return state(now) == State.ACTIVE && compiled().stream().allMatch(m -> m.matches(labels));
    }

    public Silence expiredAt(Instant now) {
        Instant end = now.isBefore(startsAt) ? startsAt : now;
        return new Silence(id, matchers, startsAt, end, createdBy, comment, now);
    }
}
