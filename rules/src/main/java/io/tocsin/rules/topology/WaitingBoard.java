package io.tocsin.rules.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where each rule's evaluation waits for its input, as the stage-2 tasks report it at every tick,
 * read by /metrics: how far its judgement is behind the wall clock, and how many of its groups
 * are due by the clock but wait for data that can still arrive. Thread-safe: stream threads
 * write, the HTTP thread reads.
 */
public final class WaitingBoard {
    private record Entry(double lagSeconds, int waiting) {}

    private final Map<String, Map<Integer, Entry>> byRule = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> passedEdges = new ConcurrentHashMap<>();

    /** A rule's groups were judged this many times at window edges their judgement time jumped past. */
    void passedEdgesJudged(String rule, int evaluations) {
        passedEdges.computeIfAbsent(rule, r -> new LongAdder()).add(evaluations);
    }

    /** @return how many times the rule's groups were judged at edges their judgement time jumped past */
    public long passedEdgesJudged(String rule) {
        LongAdder n = passedEdges.get(rule);
        return n == null ? 0 : n.sum();
    }

    void report(int task, String rule, double lagSeconds, int waiting) {
        byRule.computeIfAbsent(rule, r -> new ConcurrentHashMap<>()).put(task, new Entry(lagSeconds, waiting));
    }

    /** A task that moved away reports no more. */
    void forget(int task) {
        byRule.values().forEach(m -> m.remove(task));
    }

    /** @return the largest lag of the rule's tasks, NaN when none reported */
    public double lagSeconds(String rule) {
        return byRule.getOrDefault(rule, Map.of()).values().stream()
                .mapToDouble(Entry::lagSeconds)
                .max()
                .orElse(Double.NaN);
    }

    /** @return the rule's waiting groups over every task */
    public int waitingWindows(String rule) {
        return byRule.getOrDefault(rule, Map.of()).values().stream()
                .mapToInt(Entry::waiting)
                .sum();
    }
}
