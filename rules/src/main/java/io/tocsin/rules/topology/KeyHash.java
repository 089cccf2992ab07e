package io.tocsin.rules.topology;

import io.tocsin.core.wire.Labels;

/**
 * The hash of a (rule or input, group) key. Java's String and map hashes are sums of small
 * per-character terms, so keys like (rule Bench0_1, instance i-12) and (Bench0_0, i-43) collide
 * when combined by the record default 31·a + b: 10,000 bench keys had 4,700 hashes, and every
 * lookup compared label sets along the chain. Mixing the parts spreads them. Built only from
 * hashCodes the JDK specifies, so every JVM computes the same value: slots and stored key
 * prefixes depend on it.
 */
final class KeyHash {
    private KeyHash() {}

    static int of(String id, Labels group) {
        int h = id.hashCode() * 0x9E3779B9 ^ group.map().hashCode();
        return h ^ (h >>> 16);
    }

    static int of(String id, Labels group, long start) {
        int h = (of(id, group) ^ Long.hashCode(start)) * 0x85EBCA6B;
        return h ^ (h >>> 13);
    }
}
