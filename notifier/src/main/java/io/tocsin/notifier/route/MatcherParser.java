package io.tocsin.notifier.route;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses Alertmanager's matcher strings: {@code severity=~"warning|critical"}, a bare value
 * ({@code team=web}), or several in braces ({@code {team="web", env!="dev"}}).
 */
public final class MatcherParser {
    private final String text;
    private int pos;

    private MatcherParser(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException saying what is wrong and at which character */
    public static List<Matcher> parse(String text) {
        return new MatcherParser(text).all();
    }

    public static boolean isLabelName(String s) {
        if (s.isEmpty() || !isNameStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isNamePart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private List<Matcher> all() {
        skipSpace();
        boolean braced = peek('{');
        if (braced) {
            pos++;
        }
        List<Matcher> out = new ArrayList<>();
        skipSpace();
        while (pos < text.length() && !(braced && peek('}'))) {
            out.add(one(braced));
            skipSpace();
            if (peek(',')) {
                pos++;
                skipSpace();
            } else {
                break;
            }
        }
        if (braced) {
            if (!peek('}')) {
                throw error("expected '}'");
            }
            pos++;
            skipSpace();
        }
        if (pos < text.length()) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
        if (out.isEmpty() && !braced) {
            throw new IllegalArgumentException("empty matcher");
        }
        return out;
    }

    private Matcher one(boolean braced) {
        int start = pos;
        while (pos < text.length() && isNamePart(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (!isLabelName(name)) {
            throw error(name.isEmpty() ? "expected a label name" : "'" + name + "' is not a valid label name");
        }
        skipSpace();
        Matcher.Op op = operator();
        skipSpace();
        String value = peek('"') ? quoted() : bare(braced);
        try {
            return Matcher.of(name, op, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matcher '" + text + "': " + e.getMessage());
        }
    }

    private Matcher.Op operator() {
        if (text.startsWith("=~", pos)) {
            pos += 2;
            return Matcher.Op.REGEX;
        }
        if (text.startsWith("!~", pos)) {
            pos += 2;
            return Matcher.Op.NOT_REGEX;
        }
        if (text.startsWith("!=", pos)) {
            pos += 2;
            return Matcher.Op.NOT_EQUAL;
        }
        if (text.startsWith("=", pos)) {
            pos += 1;
            return Matcher.Op.EQUAL;
        }
        throw error("expected one of =, !=, =~, !~");
    }

    private String quoted() {
        int open = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '"', '\\' -> sb.append(e);
                    // Keep other escapes for the regex engine: "\d", "\." are regex syntax.
                    default -> sb.append('\\').append(e);
                }
            } else {
                sb.append(c);
            }
        }
        pos = open;
        throw error("unterminated quoted value");
    }

    /** An unquoted value runs to the next comma or closing brace, trimmed. */
    private String bare(boolean braced) {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',' && !(braced && text.charAt(pos) == '}')) {
            if (text.charAt(pos) == '"') {
                throw error("unexpected '\"' inside an unquoted value");
            }
            pos++;
        }
        return text.substring(start, pos).strip();
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("matcher '" + text + "': " + what + " at character " + (pos + 1));
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
