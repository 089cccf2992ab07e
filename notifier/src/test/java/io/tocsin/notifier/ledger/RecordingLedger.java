package io.tocsin.notifier.ledger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A ledger that keeps entries in memory, for tests. */
public final class RecordingLedger implements LedgerSink {
    private final List<LedgerEntry> entries = new CopyOnWriteArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();

    @Override
    public void append(LedgerEntry entry) {
        entries.add(entry);
    }

    @Override
    public void flush() {
        flushes.incrementAndGet();
    }

    public List<LedgerEntry> entries() {
        return List.copyOf(entries);
    }

    public List<LedgerEntry> entries(LedgerEntry.Kind kind) {
        return entries.stream().filter(e -> e.kind() == kind).toList();
    }

    public int flushes() {
        return flushes.get();
    }
}
