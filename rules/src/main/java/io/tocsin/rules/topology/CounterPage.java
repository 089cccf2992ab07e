package io.tocsin.rules.topology;

import io.tocsin.rules.eval.CounterDelta;
import java.util.List;

/**
 * The counters' last values of a few series of one stage-1 task, stored as one record: a commit
 * writes the pages whose series moved, not one record per series. At 50,000 samples/s nearly
 * every series moves between two commits, and one changelog record per series was a tenth of the
 * stream thread and more records for the broker than the samples themselves.
 */
public record CounterPage(List<Entry> entries) {

    public record Entry(String seriesId, CounterDelta.Last last) {}

    public CounterPage {
        entries = List.copyOf(entries);
    }
}
