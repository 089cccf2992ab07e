package io.tocsin.notifier.channel;

import io.vertx.core.Future;

/**
 * The one contract every channel (Slack, console, later email and PagerDuty) fulfils. Failures
 * are results, not failed futures: the result says whether trying again may help.
 */
public interface Channel {

    /**
     * Sends one notification once; retrying is the caller's business. Must not block the calling
     * thread, which may be an event loop.
     */
    Future<DeliveryResult> deliver(Notification notification);
}
