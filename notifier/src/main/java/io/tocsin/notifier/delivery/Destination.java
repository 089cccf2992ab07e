package io.tocsin.notifier.delivery;

import io.tocsin.notifier.ledger.LedgerEntry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One destination (a receiver integration and where it sends): a verticle with its own queue,
 * served in ledger order one decision at a time, with its own retry clock, Retry-After and rate
 * limit. Everything it does is a future on its own context, so a destination that is dead, slow,
 * hanging or asking to back off holds up its own queue and nothing else.
 */
final class Destination extends VerticleBase {

    /** One decision for one integration of this destination. */
    record Parcel(Progress.Ticket ticket, LedgerEntry decision, Integration integration) {}

    private final String name;
    private final DecisionDelivery delivery;
    private final Progress progress;
    private final Consumer<Throwable> bugs;
    private final AtomicInteger waiting = new AtomicInteger();
    // Touched on this verticle's context only.
    private final Deque<Parcel> queue = new ArrayDeque<>();
    private Parcel current;
    private Promise<Boolean> sleeping;
    private long sleepTimer;

    /** @param bugs told of an exception escaping a delivery: a bug, which stops the worker */
    Destination(String name, DecisionDelivery delivery, Progress progress, Consumer<Throwable> bugs) {
        this.name = name;
        this.delivery = delivery;
        this.progress = progress;
        this.bugs = bugs;
    }

    String name() {
        return name;
    }

    /** Decisions queued here, including the one being delivered. */
    int queued() {
        return waiting.get();
    }

    /** Queues a decision behind those already here; callable from any thread. */
    void offer(Parcel parcel) {
        waiting.incrementAndGet();
        context.runOnContext(v -> {
            queue.add(parcel);
            serve();
        });
    }

    /** Ends a wait whose decision may no longer go on (halted partition, stopping); callable from any thread. */
    void wake() {
        context.runOnContext(v -> {
            if (sleeping != null && current != null && !progress.live(current.ticket())) {
                vertx.cancelTimer(sleepTimer);
                Promise<Boolean> s = sleeping;
                sleeping = null;
                s.tryComplete(false);
            }
            serve();
        });
    }

    private void serve() {
        while (current == null && !queue.isEmpty()) {
            Parcel p = queue.poll();
            if (!progress.live(p.ticket())) {
                // Stopping, or the partition moved: the next reader of the partition delivers it.
                waiting.decrementAndGet();
                continue;
            }
            current = p;
            progress.enter(p.ticket().tp());
            Future<DecisionDelivery.Handled> handled;
            try {
                handled = delivery.deliverVia(p.decision(), p.integration(), waits);
            } catch (RuntimeException e) {
                handled = Future.failedFuture(e);
            }
            // Channels may answer on another context: come back to this one before touching state.
            handled.onComplete(ar -> context.runOnContext(v -> finished(p, ar)));
        }
    }

    private void finished(Parcel p, AsyncResult<DecisionDelivery.Handled> ar) {
        current = null;
        waiting.decrementAndGet();
        progress.leave(p.ticket().tp());
        if (ar.failed()) {
            bugs.accept(ar.cause());
        } else if (ar.result() == DecisionDelivery.Handled.DONE) {
            progress.finished(p.ticket());
        }
        serve();
    }

    private final Waits waits = new Waits() {
        @Override
        public Future<Boolean> sleep(Duration d) {
            Promise<Boolean> done = Promise.promise();
            context.runOnContext(v -> {
                Parcel p = current;
                if (p == null || !progress.live(p.ticket())) {
                    done.tryComplete(false);
                    return;
                }
                sleeping = done;
                sleepTimer = vertx.setTimer(Math.max(1, d.toMillis()), id -> {
                    if (sleeping == done) {
                        sleeping = null;
                    }
                    done.tryComplete(progress.live(p.ticket()));
                });
            });
            return done.future();
        }

        @Override
        public <T> Future<T> within(Future<T> call, Duration limit) {
            if (call.isComplete()) {
                return call;
            }
            Promise<T> answer = Promise.promise();
            long timer = vertx.setTimer(
                    Math.max(1, limit.toMillis()),
                    id -> answer.tryFail(new TimeoutException("no answer within " + limit.toMillis() + " ms")));
            call.onComplete(ar -> {
                vertx.cancelTimer(timer);
                if (ar.succeeded()) {
                    answer.tryComplete(ar.result());
                } else {
                    answer.tryFail(ar.cause());
                }
            });
            return answer.future();
        }
    };
}
