package io.tocsin.ingest.samples;

/**
 * Thrown inside the decoder to abandon the batch at the first bad field; never escapes it.
 * No stack trace: this is bad input, not a fault.
 */
public final class InvalidSample extends RuntimeException {

    public InvalidSample(String path, String problem) {
        super(path + ": " + problem, null, false, false);
    }
}
