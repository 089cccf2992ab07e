package io.tocsin.notifier.channel.pagerduty;

import io.tocsin.notifier.channel.HttpFake;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * PagerDuty's Events API v2 on 127.0.0.1, answering as contracts.md says: {@code POST /v2/enqueue}
 * with JSON; 202 {@code {"status":"success","message":"Event processed","dedup_key":…}}; 400
 * {@code {"status":"invalid event","message":"Event object is invalid","errors":[…]}} for an
 * unknown routing key, a bad event_action, a dedup_key over 255 characters or missing on
 * acknowledge/resolve, a trigger without summary (≤1,024), source or a known severity, or a body
 * over 512 KB. It keeps PagerDuty's alert life: a trigger opens an alert per dedup_key (or adds to
 * the open one), acknowledge and resolve act on it, a trigger after resolve opens a new one.
 * Tests script outages and 429s through {@link #answerNext} and {@link #throttleNext}.
 */
public final class FakePagerDuty extends HttpFake {
    public static final String PATH = "/v2/enqueue";
    public static final int MAX_BYTES = 512 * 1024;
    private static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    /** One PagerDuty alert: the dedup_key, and its state ({@code triggered}, {@code acknowledged}, {@code resolved}). */
    public record PdAlert(String dedupKey, String state, int triggers) {}

    private final String routingKey = UUID.randomUUID().toString().replace("-", "");
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final Map<String, PdAlert> open = new ConcurrentHashMap<>();
    private final List<PdAlert> closed = new CopyOnWriteArrayList<>();

    private FakePagerDuty(Vertx vertx) {
        super(vertx);
    }

    public static FakePagerDuty start(Vertx vertx) {
        FakePagerDuty pd = new FakePagerDuty(vertx);
        pd.listen();
        return pd;
    }

    /** The events URL to configure ({@code url:} in pagerduty_configs). */
    public String url() {
        return baseUrl() + PATH;
    }

    /** The one integration key this service accepts: 32 characters, like PagerDuty's. */
    public String routingKey() {
        return routingKey;
    }

    /** Events answered 202, in arrival order. */
    public List<JsonObject> events() {
        return List.copyOf(events);
    }

    /** The alert currently open for this dedup_key, or null. */
    public PdAlert openAlert(String dedupKey) {
        return open.get(dedupKey);
    }

    /** Alerts resolved so far, in order. */
    public List<PdAlert> resolvedAlerts() {
        return List.copyOf(closed);
    }

    /** The next requests get 429; with {@code retryAfterSeconds} > 0 a Retry-After header too. */
    public void throttleNext(int count, int retryAfterSeconds) {
        answerNext(
                count,
                429,
                "{\"status\":\"throttle event\",\"message\":\"Requests for this service are arriving "
                        + "too quickly. Please retry later.\"}",
                retryAfterSeconds > 0
                        ? Map.of("Retry-After", Integer.toString(retryAfterSeconds), "Content-Type", "application/json")
                        : Map.of("Content-Type", "application/json"));
    }

    @Override
    protected void answer(HttpServerRequest req, Buffer body) {
        if (req.method() != HttpMethod.POST || !PATH.equals(req.path())) {
            reply(req, 404, "application/json", "{\"status\":\"not found\"}");
            return;
        }
        List<String> errors = new ArrayList<>();
        JsonObject event = null;
        if (body.length() > MAX_BYTES) {
            errors.add("Event object is larger than 512 KB");
        } else {
            try {
                event = new JsonObject(body);
            } catch (RuntimeException e) {
                errors.add("Event object is not valid JSON");
            }
        }
        if (event != null) {
            validate(event, errors);
        }
        if (!errors.isEmpty()) {
            reply(
                    req,
                    400,
                    "application/json",
                    new JsonObject()
                            .put("status", "invalid event")
                            .put("message", "Event object is invalid")
                            .put("errors", new JsonArray(errors))
                            .encode());
            return;
        }
        String dedupKey = event.getString("dedup_key");
        if (dedupKey == null) {
            dedupKey = UUID.randomUUID().toString().replace("-", "");
        }
        apply(event.getString("event_action"), dedupKey);
        events.add(event);
        reply(
                req,
                202,
                "application/json",
                new JsonObject()
                        .put("status", "success")
                        .put("message", "Event processed")
                        .put("dedup_key", dedupKey)
                        .encode());
    }

    private void validate(JsonObject e, List<String> errors) {
        if (!routingKey.equals(e.getValue("routing_key"))) {
            errors.add("'routing_key' is invalid");
        }
        Object action = e.getValue("event_action");
        if (!(action instanceof String a) || !ACTIONS.contains(a)) {
            errors.add("'event_action' is invalid (must be one of trigger, acknowledge, resolve)");
            return;
        }
        Object dedup = e.getValue("dedup_key");
        if (dedup != null && (!(dedup instanceof String d) || d.length() > 255)) {
            errors.add("'dedup_key' must be a string of at most 255 characters");
        }
        if (!"trigger".equals(action)) {
            if (dedup == null) {
                errors.add("'dedup_key' is required for " + action);
            }
            return;
        }
        Object p = e.getValue("payload");
        if (!(p instanceof JsonObject payload)) {
            errors.add("'payload' is missing or not an object");
            return;
        }
        if (!(payload.getValue("summary") instanceof String s) || s.isBlank() || s.length() > 1024) {
            errors.add("'payload.summary' is missing, blank or longer than 1024 characters");
        }
        if (!(payload.getValue("source") instanceof String src) || src.isBlank()) {
            errors.add("'payload.source' is missing or blank");
        }
        if (!(payload.getValue("severity") instanceof String sev)
                || !SEVERITIES.contains(sev.toLowerCase(Locale.ROOT))) {
            errors.add("'payload.severity' must be one of critical, error, warning, info");
        }
        Object ts = payload.getValue("timestamp");
        if (ts != null) {
            try {
                OffsetDateTime.parse(String.valueOf(ts));
            } catch (DateTimeParseException bad) {
                errors.add("'payload.timestamp' is not an ISO 8601 timestamp");
            }
        }
        if (payload.getValue("custom_details") != null && !(payload.getValue("custom_details") instanceof JsonObject)) {
            errors.add("'payload.custom_details' must be an object");
        }
    }

    /** PagerDuty's de-duplication: one open alert per dedup_key. */
    private synchronized void apply(String action, String dedupKey) {
        PdAlert current = open.get(dedupKey);
        switch (action) {
            case "trigger" ->
                open.put(
                        dedupKey,
                        current == null
                                ? new PdAlert(dedupKey, "triggered", 1)
                                : new PdAlert(dedupKey, current.state(), current.triggers() + 1));
            case "acknowledge" -> {
                if (current != null) {
                    open.put(dedupKey, new PdAlert(dedupKey, "acknowledged", current.triggers()));
                }
            }
            default -> {
                if (current != null) {
                    open.remove(dedupKey);
                    closed.add(new PdAlert(dedupKey, "resolved", current.triggers()));
                }
            }
        }
    }
}
