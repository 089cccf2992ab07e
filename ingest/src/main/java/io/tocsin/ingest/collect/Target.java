package io.tocsin.ingest.collect;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Something ingest polls on a fixed interval.
 *
 * @param kind scrape (Prometheus text) or probe (HTTP check with TLS expiry)
 * @param name the job label of every sample it produces
 * @param labels constant labels added to them
 * @param expectStatus for a probe, the status that means success; 0 for any 2xx
 * @param insecure for a probe, accept any certificate (its expiry is still reported)
 * @param retries for a probe, how many more attempts ({@link #RETRY_PAUSE} apart) a failed check
 *                gets before it counts as failed: a dropped connection or a restarting worker
 *                is not an outage
 */
public record Target(
        Kind kind,
        String name,
        URI url,
        Duration interval,
        Duration timeout,
        Map<String, String> labels,
        int expectStatus,
        boolean insecure,
        int retries) {

    public enum Kind {
        SCRAPE,
        PROBE
    }

    /** Between a probe's attempts: long enough for a dropped connection or a worker restart to pass. */
    public static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    /** The longest a probe check can take: every attempt timing out, with the pauses between them. */
    public Duration longestCheck() {
        return timeout.multipliedBy(retries + 1L).plus(RETRY_PAUSE.multipliedBy(retries));
    }

    public Target {
        labels = Map.copyOf(labels);
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
    }
}
