package io.tocsin.tests.packs;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a fake received, each message encoded once: forty scenarios search the same messages
 * many times a second, and encoding them all on every look costs the CPU the pipeline needs.
 */
final class Received {
    record Item(JsonObject json, String encoded) {}

    private final Supplier<List<JsonObject>> source;
    private final List<Item> items = new ArrayList<>();

    Received(Supplier<List<JsonObject>> source) {
        this.source = source;
    }

    /** Everything received so far, in order of arrival. */
    synchronized List<Item> all() {
        List<JsonObject> now = source.get();
        for (int i = items.size(); i < now.size(); i++) {
            items.add(new Item(now.get(i), now.get(i).encode()));
        }
        return List.copyOf(items);
    }
}
