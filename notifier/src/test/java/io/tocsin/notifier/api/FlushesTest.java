package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FlushesTest {
    @Test
    void anAskWhileAFlushRunsIsFlushedRightAfterItAndAsksMeanwhileAreOneFlush() {
        List<Runnable> queued = new ArrayList<>();
        AtomicInteger flushes = new AtomicInteger();
        Flushes[] f = new Flushes[1];
        f[0] = new Flushes(
                () -> {
                    if (flushes.incrementAndGet() == 1) {
                        // three POSTs append while the first flush waits for acks
                        f[0].ask();
                        f[0].ask();
                        f[0].ask();
                    }
                },
                queued::add);
        f[0].ask();
        assertEquals(1, queued.size(), "one worker task");
        queued.remove(0).run();
        assertEquals(2, flushes.get(), "the first flush, then one for the three asked meanwhile");
        assertTrue(queued.isEmpty());
    }

    @Test
    void anAskAfterTheFlushesEndedStartsANewOne() {
        List<Runnable> queued = new ArrayList<>();
        AtomicInteger flushes = new AtomicInteger();
        Flushes f = new Flushes(flushes::incrementAndGet, queued::add);
        f.ask();
        queued.remove(0).run();
        f.ask();
        assertEquals(1, queued.size());
        queued.remove(0).run();
        assertEquals(2, flushes.get());
    }
}
