package io.tocsin.core.settings;

/**
 * Every environment variable Tocsin reads, with its default, listed once. Services read them
 * through {@link Env}; the README's table of settings follows this list.
 */
public enum Setting {
    KAFKA_BOOTSTRAP(null, "an existing Kafka cluster; unset: `./tocsin up` starts its embedded broker"),
    TOCSIN_DATA_DIR("data", "the embedded broker's and the services' state"),
    TOCSIN_BROKER_PORT("9492", "the embedded broker's client port"),
    TOCSIN_CONTROLLER_PORT("9493", "the embedded broker's KRaft controller port"),
    TOCSIN_REPLICATION_FACTOR("-1", "replication of Tocsin's topics; -1: the cluster's default"),
    TOCSIN_INGEST_HOST("127.0.0.1", "ingest's listen address"),
    TOCSIN_INGEST_PORT("9470", "ingest's HTTP port"),
    TOCSIN_INGEST_BODY_LIMIT_BYTES("4194304", "largest request body ingest accepts (413 beyond)"),
    TOCSIN_INGEST_MAX_IN_FLIGHT(
            "50000", "samples handed to Kafka and not yet acknowledged, across requests (503 beyond)"),
    TOCSIN_INGEST_BUFFER_LIMIT_BYTES(
            "67108864", "request bodies buffered at once across connections (503 beyond); at least one body"),
    TOCSIN_INGEST_MAX_CONNECTIONS("512", "open connections to ingest; one more is closed at once"),
    TOCSIN_INGEST_HEADER_TIMEOUT("10s", "time to a complete request head; then the connection is closed"),
    TOCSIN_INGEST_BODY_TIMEOUT("10s", "time from the head to the body's last byte; then 408"),
    TOCSIN_INGEST_IDLE_TIMEOUT("60s", "a connection silent this long is closed (above Kafka's 30 s delivery timeout)"),
    TOCSIN_INGEST_EVENT_LOOPS(null, "ingest's HTTP event loops; unset: one per core"),
    TOCSIN_INGEST_TOKENS_FILE(null, "who may write to ingest, with their limits; unset: open"),
    TOCSIN_INGEST_WEBHOOKS_FILE(null, "the mappings of POST /v1/webhook/<source>"),
    TOCSIN_INGEST_COLLECTORS_FILE(null, "targets ingest scrapes, probes or queries itself"),
    TOCSIN_RULES_HOST("127.0.0.1", "the rules service's listen address"),
    TOCSIN_RULES_PORT("9471", "the rules service's HTTP port"),
    TOCSIN_RULES_DIR("rules-examples", "the directory of rule files"),
    TOCSIN_RULES_IDLE_AFTER(
            "10s",
            "an input partition without data this long holds no rule's window back; longer stalls make its data late"),
    TOCSIN_NOTIFIER_HOST("127.0.0.1", "the notifier's listen address"),
    TOCSIN_NOTIFIER_PORT("9472", "the notifier's HTTP port (Alertmanager API)"),
    TOCSIN_NOTIFIER_CONFIG(null, "the notifier's routing file; unset: rules-examples/routing.yml"),
    TOCSIN_CONTROL_TOKENS_FILE(
            null,
            "read/write tokens of the notifier API and the rules service's /-/reload; unset: open, loopback only"),
    TOCSIN_ALLOW_UNAUTHENTICATED("false", "true: a service may listen beyond loopback without tokens"),
    TOCSIN_EXTERNAL_URL(null, "the URL people reach the notifier at, for links in notifications"),
    TOCSIN_RUNBOOK_BASE_URL(null, "where relative runbook_url annotations are published; notifications link there"),
    TOCSIN_LOKI_URL(null, "ship Tocsin's own logs to this Loki push endpoint");

    private final String fallback;
    private final String meaning;

    Setting(String fallback, String meaning) {
        this.fallback = fallback;
        this.meaning = meaning;
    }

    /** The default as text, or null when unset means "not used". */
    public String fallback() {
        return fallback;
    }

    public String meaning() {
        return meaning;
    }
}
