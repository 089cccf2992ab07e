package io.tocsin.ingest.logs;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.LogRecord;
import io.tocsin.ingest.samples.SeriesRules;
import io.tocsin.ingest.text.StrictText;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checks every log receiver applies, whatever its wire format: stream labels as for samples
 * (at least one, since a stream without labels cannot be selected by a rule), a bounded line,
 * bounded structured metadata and the timestamp window.
 */
public final class LogFields {
    private final LogLimits limits;

    public LogFields(LogLimits limits) {
        this.limits = limits;
    }

    /** Stream labels; empty values mean an absent label, as in Loki. */
    public Labels streamLabels(String path, Map<String, String> given) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String labelPath = path + "[" + SeriesRules.quote(e.getKey()) + "]";
            check(labelPath, SeriesRules.labelNameProblem(e.getKey()));
            if (e.getValue() == null || e.getValue().isEmpty()) {
                continue;
            }
            check(labelPath, SeriesRules.labelValueProblem(e.getValue(), limits.series()));
            labels.put(e.getKey(), e.getValue());
        }
        if (labels.isEmpty()) {
            throw new InvalidLog(path, "at least one label is required per stream");
        }
        check(path, SeriesRules.labelCountProblem(labels.size(), limits.series()));
        return Labels.of(labels);
    }

    public LogRecord record(
            String path, Labels labels, long epochNanos, String line, Map<String, String> fields, long nowMs) {
        long ms = Math.floorDiv(epochNanos, 1_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000L);
        check(path + ".timestamp", SeriesRules.timestampProblem(ms, nowMs, limits.series(), ""));
        String text = StrictText.textProblem(line, true);
        if (text != null) {
            throw new InvalidLog(path + ".line", text);
        }
        int bytes = line.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxLineBytes()) {
            throw new InvalidLog(path + ".line", bytes + " bytes, at most " + limits.maxLineBytes() + " allowed");
        }
        if (fields.size() > limits.maxFields()) {
            throw new InvalidLog(
                    path + ".fields", fields.size() + " fields, at most " + limits.maxFields() + " allowed");
        }
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String fieldPath = path + ".fields[" + SeriesRules.quote(f.getKey()) + "]";
            check(fieldPath, SeriesRules.labelNameProblem(f.getKey()));
            if (f.getValue().length() > limits.series().maxLabelValueLength()) {
                throw new InvalidLog(
                        fieldPath,
                        "value is " + f.getValue().length() + " characters, at most "
                                + limits.series().maxLabelValueLength() + " allowed");
            }
            check(fieldPath, StrictText.textProblem(f.getValue(), false));
        }
        return new LogRecord(labels, ms, nanos, line, fields);
    }

    private static void check(String path, String problem) {
        if (problem != null) {
            throw new InvalidLog(path, problem);
        }
    }
}
