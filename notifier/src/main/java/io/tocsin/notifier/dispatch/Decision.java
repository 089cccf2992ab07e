package io.tocsin.notifier.dispatch;

/**
 * Whether a group's receiver is told anything at a flush, and why (Alertmanager's dedup stage
 * {@code needsUpdate}, plus Tocsin's resolve contract and acknowledgement). Taken by {@link Flush#of}.
 */
public enum Decision {
    NOTIFY_FIRING(true, "alerts the receiver has not been told about are firing"),
    NOTIFY_RESOLVED(true, "alerts the receiver was told are firing have resolved"),
    NOTIFY_REPEAT(true, "repeat_interval has passed since the receiver was last told"),
    SKIP_NOTHING_NEW(false, "the receiver already knows the group's state"),
    SKIP_ACKNOWLEDGED(false, "the group is acknowledged: no repeats");

    private final boolean notifies;
    private final String reason;

    Decision(boolean notifies, String reason) {
        this.notifies = notifies;
        this.reason = reason;
    }

    public boolean notifies() {
        return notifies;
    }

    public String reason() {
        return reason;
    }
}
