package io.tocsin.notifier.ledger;

/** Where delivery writes its attempts and dead letters. */
public interface LedgerSink {

    /** Queues an entry; it may be written later. */
    void append(LedgerEntry entry);

    /** Returns once every appended entry is durably written. */
    void flush();
}
