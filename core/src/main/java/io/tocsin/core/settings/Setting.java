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
    // Topic sizing (issue 18): read where topics are created (TopicSizing.fromEnv).
    TOCSIN_MIN_INSYNC_REPLICAS(
            "-1", "copies that must have a write before it is acknowledged (acks=all); -1: the cluster's default"),
    TOCSIN_SAMPLES_PARTITIONS("4", "partitions of tocsin.samples.v1: at most this many rules instances share samples"),
    TOCSIN_LOGS_PARTITIONS("4", "partitions of tocsin.logs.v1"),
    TOCSIN_ALERTS_PARTITIONS(
            "4", "partitions of tocsin.alerts.v1 and tocsin.acks.v1 (always equal) and the notifier's other topics"),
    // End of topic sizing.
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
    TOCSIN_NOTIFIER_MAX_BACKLOG(
            "10000",
            "alerts waiting for their groups (dispatch lag, or posted and not yet held) beyond which POST /api/v2/alerts"
                    + " answers 429 with Retry-After"),
    TOCSIN_CONSOLE_HOST("127.0.0.1", "the console's listen address (it acts with its token: keep it on loopback)"),
    TOCSIN_CONSOLE_PORT("9473", "the console's HTTP port (the operator's pages)"),
    TOCSIN_CONSOLE_TOKEN_FILE(
            null, "a file holding the control token the console sends to the notifier and rules APIs; unset: none"),
    TOCSIN_CONTROL_TOKENS_FILE(
            null,
            "read/write tokens of the notifier API and the rules service's /-/reload; unset: open, loopback only"),
    TOCSIN_ALLOW_UNAUTHENTICATED("false", "true: a service may listen beyond loopback without tokens"),
    TOCSIN_API_TOKEN(null, "the token `./tocsin alerts|silences|why|history` send to the notifier API"),
    TOCSIN_EXTERNAL_URL(null, "the URL people reach the notifier at, for links in notifications"),
    TOCSIN_RUNBOOK_BASE_URL(null, "where relative runbook_url annotations are published; notifications link there"),
    TOCSIN_LOKI_URL(null, "ship Tocsin's own logs to this Loki push endpoint"),
    TOCSIN_SELF_SCRAPE_INTERVAL(
            "15s", "`./tocsin up` scrapes its own /metrics into its rules this often; 0: not at all"),
    TOCSIN_WATCHDOG_HOST("127.0.0.1", "where the watchdog listens for the pipeline's TocsinWatchdog notifications"),
    TOCSIN_WATCHDOG_PORT("9474", "the watchdog's port (POST /beat)"),
    TOCSIN_WATCHDOG_INGEST_URL("http://127.0.0.1:9470", "the ingest the watchdog sends its heartbeat to"),
    TOCSIN_WATCHDOG_INGEST_TOKEN(null, "the watchdog's ingest token, when ingest has TOCSIN_INGEST_TOKENS_FILE"),
    TOCSIN_WATCHDOG_INTERVAL("15s", "how often the watchdog sends a heartbeat through the pipeline"),
    TOCSIN_WATCHDOG_TIMEOUT("3m", "the watchdog alarms when no heartbeat this recent came back through the notifier"),
    TOCSIN_WATCHDOG_WEBHOOK_URL(null, "the watchdog's own alarm receiver: an Alertmanager-payload webhook"),
    TOCSIN_WATCHDOG_SLACK_URL(null, "the watchdog's own alarm receiver: a Slack incoming webhook"),
    TOCSIN_WATCHDOG_PAGERDUTY_KEY(null, "the watchdog's own alarm receiver: a PagerDuty Events v2 routing key");

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
