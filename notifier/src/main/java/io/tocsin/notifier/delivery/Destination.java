package io.tocsin.notifier.delivery;

import io.tocsin.notifier.ledger.LedgerEntry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One destination (a receiver integration and where it sends): a verticle with its own queue,
 * its own retry clock, Retry-After and rate limit. Everything it does is a future on its own
 * context, so a destination that is dead, slow, hanging or asking to back off holds up its own
 * queue and nothing else.
 *
 * <p>Decisions are served in ledger order per group: a group's next decision starts only once the
 * one before it is done (firing before resolved, as its receiver must hear them). Decisions of
 * different groups go out side by side, up to {@value #IN_FLIGHT} at once, as Alertmanager sends
 * each group from its own pipeline: one call at a time made a destination's throughput one round
 * trip per notification (about 50-80 notifications/s on a loaded machine, for 10,000 groups).
 */
final class Destination extends VerticleBase {
    /** Decisions of different groups delivered at once, at most. */
    static final int IN_FLIGHT = 64;
    /** How far down the queue a free slot looks for a group with nothing in flight. */
    private static final int SCAN = 256;

    /** One decision for one integration of this destination. */
    record Parcel(Progress.Ticket ticket, LedgerEntry decision, Integration integration) {}

    private final String name;
    private final DecisionDelivery delivery;
    private final Progress progress;
    private final Consumer<Throwable> bugs;
    private final AtomicInteger waiting = new AtomicInteger();
    // Touched on this verticle's context only.
    private final Deque<Parcel> queue = new ArrayDeque<>();
    /** Group (decision key) → its decision being delivered. */
    private final Map<String, InFlight> inFlight = new HashMap<>();

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

    /** Decisions queued here, including those being delivered. */
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

    /**
     * Runs {@code work} on this destination's context, where its deliveries run (the event loop
     * whose HTTP connections and name resolver they use); completes once the work's future does,
     * succeeded whatever it answered. Callable from any thread.
     */
    Future<Void> onContext(Supplier<Future<?>> work) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            try {
                work.get().onComplete(ar -> done.tryComplete());
            } catch (RuntimeException e) {
                done.tryComplete();
            }
        });
        return done.future();
    }

    /** Ends the waits whose decisions may no longer go on (halted partition, stopping); callable from any thread. */
    void wake() {
        context.runOnContext(v -> {
            for (InFlight f : inFlight.values()) {
                f.wakeIfDead();
            }
            serve();
        });
    }

    /** Starts the earliest queued decision of each group with nothing in flight, while slots are free. */
    private void serve() {
        int scanned = 0;
        Iterator<Parcel> it = queue.iterator();
        while (inFlight.size() < IN_FLIGHT && it.hasNext() && scanned++ < SCAN) {
            Parcel p = it.next();
            if (!progress.live(p.ticket())) {
                // Stopping, or the partition moved: the next reader of the partition delivers it.
                it.remove();
                waiting.decrementAndGet();
                continue;
            }
            String group = p.decision().key();
            if (inFlight.containsKey(group)) {
                continue; // behind its group's decision under way, and so are the group's later ones
            }
            it.remove();
            start(group, p);
        }
    }

    private void start(String group, Parcel p) {
        InFlight f = new InFlight(p);
        inFlight.put(group, f);
        progress.enter(p.ticket().tp());
        Future<DecisionDelivery.Handled> handled;
        try {
            handled = delivery.deliverVia(p.decision(), p.integration(), f);
        } catch (RuntimeException e) {
            handled = Future.failedFuture(e);
        }
        // Channels may answer on another context: come back to this one before touching state.
        handled.onComplete(ar -> context.runOnContext(v -> finished(group, p, ar)));
    }

    private void finished(String group, Parcel p, AsyncResult<DecisionDelivery.Handled> ar) {
        inFlight.remove(group);
        waiting.decrementAndGet();
        progress.leave(p.ticket().tp());
        if (ar.failed()) {
            bugs.accept(ar.cause());
        } else if (ar.result() == DecisionDelivery.Handled.DONE) {
            progress.finished(p.ticket());
        }
        serve();
    }

    /** The waits of one decision under way: a sleep ends early (false) when the decision may no longer go on. */
    private final class InFlight implements Waits {
        private final Parcel parcel;
        private Promise<Boolean> sleeping;
        private long sleepTimer;

        InFlight(Parcel parcel) {
            this.parcel = parcel;
        }

        void wakeIfDead() {
            if (sleeping != null && !progress.live(parcel.ticket())) {
                vertx.cancelTimer(sleepTimer);
                Promise<Boolean> s = sleeping;
                sleeping = null;
                s.tryComplete(false);
            }
        }

        @Override
        public Future<Boolean> sleep(Duration d) {
            Promise<Boolean> done = Promise.promise();
            context.runOnContext(v -> {
                if (!progress.live(parcel.ticket())) {
                    done.tryComplete(false);
                    return;
                }
                sleeping = done;
                sleepTimer = vertx.setTimer(Math.max(1, d.toMillis()), id -> {
                    if (sleeping == done) {
                        sleeping = null;
                    }
                    done.tryComplete(progress.live(parcel.ticket()));
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
    }
}
