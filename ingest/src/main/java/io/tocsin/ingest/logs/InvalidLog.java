package io.tocsin.ingest.logs;

/** Abandons a push at the first bad field; never escapes a decoder. No stack trace: bad input, not a fault. */
public final class InvalidLog extends RuntimeException {
    public InvalidLog(String path, String problem) {
        super(path + ": " + problem, null, false, false);
    }
}
