package io.tocsin.rules.parse;

import com.google.re2j.PatternSyntaxException;
import io.tocsin.rules.model.LabelMatcher;
import io.tocsin.rules.model.MatchOp;
import io.tocsin.rules.model.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a Prometheus instant-vector selector, {@code name{label="v", other=~"re"}}.
 * A failure carries the 0-based offset of the offending character.
 */
public final class SelectorParser {

    /** Why a selector could not be read, and where in its text. */
    public static final class SelectorException extends Exception {
        private final int offset;

        SelectorException(int offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    private final String s;
    private final boolean stream;
    private int pos;

    private SelectorParser(String s, boolean stream) {
        this.s = s;
        this.stream = stream;
    }

    public static Selector parse(String text) throws SelectorException {
        return new SelectorParser(text, false).selector();
    }

    /** A log stream selector, Loki style: label matchers only, {@code {app="api", env=~"prod|staging"}}. */
    public static Selector parseStream(String text) throws SelectorException {
        Selector sel = new SelectorParser(text, true).selector();
        if (sel.matchers().isEmpty()) {
            throw new SelectorException(0, "a stream selector needs at least one label matcher, like {app=\"api\"}");
        }
        return sel;
    }

    private Selector selector() throws SelectorException {
        skipSpace();
        String metric = stream ? "" : identifier(true);
        if (stream && peek() != '{') {
            throw new SelectorException(pos, "expected '{' (a stream selector has label matchers only)");
        }
        if (!stream && metric.isEmpty()) {
            throw new SelectorException(pos, "expected a metric name");
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        skipSpace();
        if (peek() == '{') {
            pos++;
            skipSpace();
            while (peek() != '}') {
                matchers.add(matcher());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                } else if (peek() != '}') {
                    throw new SelectorException(pos, "expected ',' or '}'");
                }
            }
            pos++;
        }
        skipSpace();
        if (pos < s.length()) {
            throw new SelectorException(pos, "unexpected '" + s.charAt(pos) + "' after the selector");
        }
        return new Selector(metric, matchers);
    }

    private LabelMatcher matcher() throws SelectorException {
        int start = pos;
        String name = identifier(false);
        if (name.isEmpty()) {
            throw new SelectorException(start, "expected a label name");
        }
        skipSpace();
        int opAt = pos;
        MatchOp op;
        if (s.startsWith("=~", pos)) {
            op = MatchOp.RE;
        } else if (s.startsWith("!~", pos)) {
            op = MatchOp.NRE;
        } else if (s.startsWith("!=", pos)) {
            op = MatchOp.NEQ;
        } else if (s.startsWith("=", pos)) {
            op = MatchOp.EQ;
        } else {
            throw new SelectorException(opAt, "expected one of = != =~ !~ after '" + name + "'");
        }
        pos += op.symbol().length();
        skipSpace();
        int valueAt = pos;
        String value = quoted();
        try {
            return LabelMatcher.of(name, op, value);
        } catch (PatternSyntaxException e) {
            throw new SelectorException(valueAt, "invalid regex for '" + name + "': " + e.getDescription());
        }
    }

    private String quoted() throws SelectorException {
        char q = peek();
        if (q != '"' && q != '\'' && q != '`') {
            throw new SelectorException(pos, "expected a quoted value");
        }
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == q) {
                return sb.toString();
            }
            if (c == '\\' && q != '`' && pos < s.length()) {
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '\\', '"', '\'' -> sb.append(e);
                    default -> sb.append('\\').append(e); // keep regex escapes such as \d intact
                }
            } else {
                sb.append(c);
            }
        }
        throw new SelectorException(start, "unterminated string");
    }

    private String identifier(boolean metric) {
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            boolean ok = Character.isLetter(c) && c < 128 || c == '_' || (metric && c == ':')
                    || (pos > start && c >= '0' && c <= '9');
            if (!ok) {
                break;
            }
            pos++;
        }
        return s.substring(start, pos);
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }
}
