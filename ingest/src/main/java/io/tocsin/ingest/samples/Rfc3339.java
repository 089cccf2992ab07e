package io.tocsin.ingest.samples;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** RFC 3339 timestamps as every receiver reads them: 'T' and 'Z' may be lower case, the offset is mandatory, nanoseconds kept. */
public final class Rfc3339 {
    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toFormatter(Locale.ROOT);

    private Rfc3339() {}

    public static Instant parse(String text) throws DateTimeParseException {
        return FORMAT.parse(text, Instant::from);
    }
}
