package io.tocsin.ingest.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.Map;

/**
 * How one source's JSON payload becomes samples and/or log records. Per item (the body, each
 * element of a body that is an array, or of the array at {@code items}): a sample named
 * {@code metric} with {@code value} (default 1) when a metric is given, a log record whose line
 * is {@code logLine} when one is given; both share {@code labels} and {@code timestamp}.
 *
 * @param items null for the body itself
 * @param metric null for logs only
 * @param value null for the constant 1 (one item, one count)
 * @param timestamp null for the time of the request
 * @param logLine null for samples only
 */
public record WebhookMapping(
        String source,
        JsonPointer items,
        String metric,
        FieldRef value,
        FieldRef timestamp,
        Map<String, FieldRef> labels,
        FieldRef logLine,
        Map<String, FieldRef> fields) {

    public WebhookMapping {
        labels = Map.copyOf(labels);
        fields = Map.copyOf(fields);
        if (metric == null && logLine == null) {
            throw new IllegalArgumentException("a mapping needs metric or log_line");
        }
    }
}
