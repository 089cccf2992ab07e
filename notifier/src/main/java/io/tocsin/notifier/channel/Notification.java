package io.tocsin.notifier.channel;

import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.ack.Acknowledgement;
import java.util.List;
import java.util.Objects;

/**
 * What a channel sends: a receiver is told that these alerts of one group are firing or resolved,
 * and whether someone has acknowledged the group.
 *
 * @param id          the decision's id; stable across retries
 * @param groupKey    the group's identity (route + group labels); stable for the group's life, so
 *                    channels derive vendor keys from it (PagerDuty dedup_key, Slack message)
 * @param groupLabels the labels the group is grouped by (the common labels of its alerts)
 * @param ack         who acknowledged the group, or null
 */
public record Notification(
        String id,
        String receiver,
        String groupKey,
        Labels groupLabels,
        AlertState status,
        List<Alert> alerts,
        Acknowledgement ack) {
    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(status, "status");
        groupLabels = groupLabels == null ? Labels.EMPTY : groupLabels;
        alerts = List.copyOf(alerts);
    }

    /** A notification nobody acknowledged, grouped by nothing in particular. */
    public Notification(String id, String receiver, String groupKey, AlertState status, List<Alert> alerts) {
        this(id, receiver, groupKey, Labels.EMPTY, status, alerts, null);
    }

    public boolean acknowledged() {
        return ack != null;
    }

    public boolean firing() {
        return status == AlertState.FIRING;
    }
}
