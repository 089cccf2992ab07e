package io.tocsin.ingest.logs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a Loki stream's label set in Prometheus notation, {@code {app="x", level="info"}}, as
 * the protobuf push carries it. Values are Go-style double-quoted strings with backslash escapes.
 * Pure; a bad selector throws {@link IllegalArgumentException} naming the character position.
 */
final class StreamSelector {
    private final String text;
    private int pos;

    private StreamSelector(String text) {
        this.text = text;
    }

    /** Label names in the order given; a name given twice is an error. */
    static Map<String, String> parse(String text) {
        return new StreamSelector(text).selector();
    }

    private Map<String, String> selector() {
        Map<String, String> labels = new LinkedHashMap<>();
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            pos++;
            return end(labels);
        }
        while (true) {
            skipSpace();
            int at = pos;
            String name = name();
            skipSpace();
            expect('=');
            skipSpace();
            String value = quoted();
            if (labels.put(name, value) != null) {
                throw problem(at, "label " + name + " given twice");
            }
            skipSpace();
            char c = next();
            if (c == '}') {
                return end(labels);
            }
            if (c != ',') {
                throw problem(pos - 1, "expected , or }");
            }
        }
    }

    private Map<String, String> end(Map<String, String> labels) {
        skipSpace();
        if (pos != text.length()) {
            throw problem(pos, "unexpected text after }");
        }
        return labels;
    }

    private String name() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw problem(pos, "expected a label name");
        }
        return text.substring(start, pos);
    }

    private String quoted() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\' -> sb.append(e);
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                default -> throw problem(pos - 1, "unknown escape \\" + e);
            }
        }
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw problem(pos, "expected " + c);
        }
        pos++;
    }

    private char next() {
        if (pos >= text.length()) {
            throw problem(pos, "unexpected end");
        }
        return text.charAt(pos++);
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static IllegalArgumentException problem(int at, String what) {
        return new IllegalArgumentException(what + " at character " + (at + 1));
    }
}
