package io.tocsin.notifier.route;

import io.tocsin.core.wire.Labels;

/**
 * A receiver an alert goes to, and the group it joins there. The group key has Alertmanager's
 * shape, route key then group labels: {@code {}/{team="web"}:{alertname="X"}}. {@code escalation}
 * names the route's escalation policy, or is null.
 */
public record RouteMatch(
        String receiver,
        String groupKey,
        Labels groupLabels,
        RouteTiming timing,
        String escalation,
        TimeMuting muting) {
    public RouteMatch(String receiver, String groupKey, Labels groupLabels, RouteTiming timing) {
        this(receiver, groupKey, groupLabels, timing, null, TimeMuting.NONE);
    }
}
