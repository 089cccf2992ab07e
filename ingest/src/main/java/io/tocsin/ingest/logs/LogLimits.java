package io.tocsin.ingest.logs;

import io.tocsin.ingest.samples.SampleLimits;

/**
 * What a log record may look like: the label rules of samples plus a line length.
 *
 * @param maxLineBytes Loki's default max_line_size is 256 KB; a longer line is refused, not cut
 */
public record LogLimits(SampleLimits series, int maxLineBytes, int maxFields) {

    public static LogLimits of(SampleLimits series) {
        return new LogLimits(series, 256 * 1024, 64);
    }
}
