package io.tocsin.rules.eval;

/** Where a (rule, group) stands in the alert state machine. */
public enum Phase {
    INACTIVE,
    PENDING,
    FIRING
}
