package io.tocsin.tests.notifier.amdiff;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One scripted scenario of the differential suite: alerts posted (or resolved) at fixed offsets
 * from the scenario's start, the same to Alertmanager and to Tocsin, and how long to listen.
 * Every alert carries {@code scenario=<name>}, which routes it to the scenario's receivers only.
 */
record Scenario(String name, List<String> receivers, List<Step> steps, long listenMillis) {

    /**
     * At {@code atMillis} after the start, post these alerts, or (alerts empty) create or expire
     * the silence {@code silence}.
     */
    record Step(long atMillis, List<Posted> alerts, SilenceStep silence) {
        Step(long atMillis, List<Posted> alerts) {
            this(atMillis, alerts, null);
        }
    }

    /**
     * A silence created (matching these labels exactly, for an hour) or expired, named by {@code
     * key}: each system gives it its own id.
     */
    record SilenceStep(String key, JsonObject matches, boolean expire) {
        JsonObject json(Instant now) {
            JsonArray matchers = new JsonArray();
            matches.forEach(e -> matchers.add(new JsonObject()
                    .put("name", e.getKey())
                    .put("value", e.getValue())
                    .put("isRegex", false)
                    .put("isEqual", true)));
            return new JsonObject()
                    .put("matchers", matchers)
                    .put("startsAt", now.toString())
                    .put("endsAt", now.plusSeconds(3600).toString())
                    .put("createdBy", "amdiff")
                    .put("comment", "mid-group");
        }
    }

    /**
     * One alert as posted: labels, startsAt as an offset from the start (null: none sent), and
     * endsAt as an offset (null: none sent, so resolve_timeout applies).
     */
    record Posted(JsonObject labels, Long startsAtMillis, Long endsAtMillis) {
        JsonObject json(Instant start) {
            // An annotation for templates to read: the same on both systems.
            JsonObject o = new JsonObject()
                    .put("labels", labels.copy())
                    .put(
                            "annotations",
                            new JsonObject()
                                    .put(
                                            "summary",
                                            labels.getString("alertname") + " on " + labels.getString("instance")
                                                    + " after 3 tries"));
            if (startsAtMillis != null) {
                o.put("startsAt", start.plusMillis(startsAtMillis).toString());
            }
            if (endsAtMillis != null) {
                o.put("endsAt", start.plusMillis(endsAtMillis).toString());
            }
            return o;
        }
    }

    static Builder named(String name, String... receivers) {
        return new Builder(name, List.of(receivers));
    }

    JsonArray body(Step step, Instant start) {
        JsonArray a = new JsonArray();
        step.alerts().forEach(p -> a.add(p.json(start)));
        return a;
    }

    static final class Builder {
        private final String name;
        private final List<String> receivers;
        private final List<Step> steps = new ArrayList<>();

        private Builder(String name, List<String> receivers) {
            this.name = name;
            this.receivers = receivers;
        }

        /** Labels {@code alertname=a, scenario=<name>} plus the pairs given. */
        JsonObject labels(String alertname, String... pairs) {
            JsonObject l = new JsonObject().put("alertname", alertname).put("scenario", name);
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                l.put(pairs[i], pairs[i + 1]);
            }
            return l;
        }

        /**
         * Fires these alerts at {@code atMillis}, all started at the scenario's start and ending
         * a minute later unless posted again, as Prometheus sends them.
         */
        Builder fire(long atMillis, JsonObject... labels) {
            return fireUntil(atMillis, 60_000, labels);
        }

        /** Fires these alerts at {@code atMillis} without endsAt: resolve_timeout decides when they end. */
        Builder fireWithoutEnd(long atMillis, JsonObject... labels) {
            List<Posted> p = new ArrayList<>();
            for (JsonObject l : labels) {
                p.add(new Posted(l, 0L, null));
            }
            steps.add(new Step(atMillis, p));
            return this;
        }

        /** Fires these alerts at {@code atMillis} with an explicit endsAt (Prometheus' way). */
        Builder fireUntil(long atMillis, long endsAtMillis, JsonObject... labels) {
            List<Posted> p = new ArrayList<>();
            for (JsonObject l : labels) {
                p.add(new Posted(l, 0L, endsAtMillis));
            }
            steps.add(new Step(atMillis, p));
            return this;
        }

        /** Resolves these alerts at {@code atMillis}: endsAt is that moment. */
        Builder resolve(long atMillis, JsonObject... labels) {
            List<Posted> p = new ArrayList<>();
            for (JsonObject l : labels) {
                p.add(new Posted(l, 0L, atMillis - 10));
            }
            steps.add(new Step(atMillis, p));
            return this;
        }

        /** Silences alerts with exactly these labels from {@code atMillis}, for an hour. */
        Builder silence(long atMillis, String key, JsonObject matches) {
            steps.add(new Step(atMillis, List.of(), new SilenceStep(key, matches, false)));
            return this;
        }

        /** Expires the silence {@code key} at {@code atMillis}. */
        Builder expire(long atMillis, String key) {
            steps.add(new Step(atMillis, List.of(), new SilenceStep(key, null, true)));
            return this;
        }

        Scenario listen(long millis) {
            return new Scenario(name, receivers, List.copyOf(steps), millis);
        }
    }
}
