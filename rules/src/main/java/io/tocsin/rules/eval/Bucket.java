package io.tocsin.rules.eval;

/** One time slice of a window ring: the samples whose time falls in [start, start + width). */
public record Bucket(long start, Partial partial) {}
