package io.tocsin.tests.bench.idle;

import java.util.Map;
import java.util.Properties;

/**
 * A rung's changes over Tocsin's client settings: each name set to its value under the prefix
 * given (Streams' {@code main.consumer.}, say); an empty value removes the name, bare and under
 * any consumer prefix ({@code consumer.}, {@code main.consumer.}, ...), so that a setting a
 * protocol refuses (the consumer protocol refuses session.timeout.ms) can be taken out.
 */
final class Overrides {
    private Overrides() {}

    static void apply(Properties p, Map<String, String> changes, String prefix) {
        changes.forEach((k, v) -> {
            if (v.isEmpty()) {
                p.keySet().removeIf(key -> key.equals(k) || key.toString().endsWith("consumer." + k));
            } else {
                p.put(prefix + k, v);
            }
        });
    }
}
