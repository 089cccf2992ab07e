package io.tocsin.ingest.webhook;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Where a mapped value comes from: a JSON Pointer (RFC 6901) into the item when the spec starts
 * with "/", else the spec itself as a constant.
 */
public record FieldRef(String spec, JsonPointer pointer) {

    /** @throws IllegalArgumentException for a malformed pointer */
    public static FieldRef parse(String spec) {
        return new FieldRef(spec, spec.startsWith("/") ? JsonPointer.compile(spec) : null);
    }

    /** The value in {@code item}, or null when the pointer leads nowhere. */
    public JsonNode in(JsonNode item) {
        if (pointer == null) {
            return TextNode.valueOf(spec);
        }
        JsonNode n = item.at(pointer);
        return n.isMissingNode() || n.isNull() ? null : n;
    }
}
