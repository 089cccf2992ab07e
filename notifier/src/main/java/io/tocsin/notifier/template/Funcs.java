package io.tocsin.notifier.template;

import com.google.re2j.Pattern;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions a template may call: text/template's built-ins and the ones Alertmanager adds
 * (toUpper, toLower, title, trimSpace, join, match, safeHtml, reReplaceAll, stringSlice). Regular
 * expressions are RE2 (re2j), like Go's regexp. {@code and}/{@code or} short-circuit and are
 * handled by {@link Exec}.
 */
final class Funcs {
    interface Fn {
        Object call(List<Object> args);
    }

    private static final Map<String, Fn> ALL = new HashMap<>();

    static {
        ALL.put("not", a -> !Exec.truth(only(a, "not")));
        ALL.put("len", a -> len(only(a, "len")));
        ALL.put("index", Funcs::index);
        ALL.put("print", GoFormat::sprint);
        ALL.put("println", a -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < a.size(); i++) {
                b.append(i > 0 ? " " : "").append(GoFormat.print(a.get(i)));
            }
            return b.append('\n').toString();
        });
        ALL.put("printf", a -> {
            if (a.isEmpty()) {
                throw new TemplateException("wrong number of args for printf: want at least 1 got 0");
            }
            return GoFormat.sprintf(string(a.get(0), "printf"), a.subList(1, a.size()));
        });
        ALL.put("html", a -> Escape.html(GoFormat.sprint(a), false));
        ALL.put("js", a -> js(GoFormat.sprint(a)));
        ALL.put("urlquery", a -> queryEscape(GoFormat.sprint(a)));
        ALL.put("eq", a -> {
            if (a.size() < 2) {
                throw new TemplateException("missing argument for comparison");
            }
            for (int i = 1; i < a.size(); i++) {
                if (compare(a.get(0), a.get(i), true) == 0) {
                    return true;
                }
            }
            return false;
        });
        ALL.put("ne", a -> compare(two(a, "ne").get(0), a.get(1), true) != 0);
        ALL.put("lt", a -> compare(two(a, "lt").get(0), a.get(1), false) < 0);
        ALL.put("le", a -> compare(two(a, "le").get(0), a.get(1), false) <= 0);
        ALL.put("gt", a -> compare(two(a, "gt").get(0), a.get(1), false) > 0);
        ALL.put("ge", a -> compare(two(a, "ge").get(0), a.get(1), false) >= 0);
        ALL.put("slice", Funcs::slice);
        // Alertmanager's template.DefaultFuncs.
        ALL.put("toUpper", a -> string(only(a, "toUpper"), "toUpper").toUpperCase(Locale.ROOT));
        ALL.put("toLower", a -> string(only(a, "toLower"), "toLower").toLowerCase(Locale.ROOT));
        ALL.put("title", a -> title(string(only(a, "title"), "title")));
        ALL.put("trimSpace", a -> string(only(a, "trimSpace"), "trimSpace").strip());
        ALL.put("join", a -> {
            two(a, "join");
            List<String> parts = new ArrayList<>();
            for (Object o : list(a.get(1), "join")) {
                parts.add(string(o, "join"));
            }
            return String.join(string(a.get(0), "join"), parts);
        });
        ALL.put(
                "match",
                a -> Pattern.compile(string(two(a, "match").get(0), "match"))
                        .matcher(string(a.get(1), "match"))
                        .find());
        ALL.put("safeHtml", a -> new SafeHtml(string(only(a, "safeHtml"), "safeHtml")));
        ALL.put("reReplaceAll", a -> {
            if (a.size() != 3) {
                throw new TemplateException("wrong number of args for reReplaceAll: want 3 got " + a.size());
            }
            return Pattern.compile(string(a.get(0), "reReplaceAll"))
                    .matcher(string(a.get(2), "reReplaceAll"))
                    .replaceAll(string(a.get(1), "reReplaceAll"));
        });
        ALL.put("stringSlice", a -> {
            List<String> out = new ArrayList<>();
            a.forEach(o -> out.add(string(o, "stringSlice")));
            return out;
        });
        ALL.put("since", a -> {
            if (!(only(a, "since") instanceof Instant t)) {
                throw new TemplateException("since needs a time");
            }
            return Duration.between(t, Instant.now());
        });
    }

    private Funcs() {}

    static Fn get(String name) {
        return ALL.get(name);
    }

    static boolean exists(String name) {
        return ALL.containsKey(name) || name.equals("and") || name.equals("or") || name.equals("call");
    }

    private static Object only(List<Object> a, String fn) {
        if (a.size() != 1) {
            throw new TemplateException("wrong number of args for " + fn + ": want 1 got " + a.size());
        }
        return a.get(0);
    }

    private static List<Object> two(List<Object> a, String fn) {
        if (a.size() != 2) {
            throw new TemplateException("wrong number of args for " + fn + ": want 2 got " + a.size());
        }
        return a;
    }

    static String string(Object o, String fn) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof SafeHtml h) {
            return h.html();
        }
        throw new TemplateException(
                "wrong type for value; expected string; got " + GoFormat.typeOf(o) + " (in " + fn + ")");
    }

    private static List<?> list(Object o, String fn) {
        if (o instanceof List<?> l) {
            return l;
        }
        throw new TemplateException(
                "wrong type for value; expected []string; got " + GoFormat.typeOf(o) + " (in " + fn + ")");
    }

    static Object len(Object o) {
        if (o instanceof String s) {
            return (long) s.getBytes(StandardCharsets.UTF_8).length;
        }
        if (o instanceof Collection<?> c) {
            return (long) c.size();
        }
        if (o instanceof Map<?, ?> m) {
            return (long) m.size();
        }
        throw new TemplateException("len of type " + GoFormat.typeOf(o));
    }

    private static Object index(List<Object> a) {
        if (a.isEmpty()) {
            throw new TemplateException("wrong number of args for index: want at least 1 got 0");
        }
        Object item = a.get(0);
        for (Object key : a.subList(1, a.size())) {
            if (item instanceof Map<?, ?> m) {
                Object v = m.get(key);
                item = v == null && m instanceof KV ? "" : v;
            } else if (item instanceof List<?> l && key instanceof Long n) {
                if (n < 0 || n >= l.size()) {
                    throw new TemplateException("error calling index: index out of range: " + n);
                }
                item = l.get(n.intValue());
            } else {
                throw new TemplateException("can't index item of type " + GoFormat.typeOf(item));
            }
        }
        return item;
    }

    private static Object slice(List<Object> a) {
        if (a.isEmpty()) {
            throw new TemplateException("wrong number of args for slice: want at least 1 got 0");
        }
        Object item = a.get(0);
        int len = item instanceof String s ? s.length() : item instanceof List<?> l ? l.size() : -1;
        if (len < 0) {
            throw new TemplateException("can't slice item of type " + GoFormat.typeOf(item));
        }
        int from = a.size() > 1 ? ((Long) a.get(1)).intValue() : 0;
        int to = a.size() > 2 ? ((Long) a.get(2)).intValue() : len;
        if (from < 0 || to > len || from > to) {
            throw new TemplateException("error calling slice: index out of range");
        }
        return item instanceof String s ? s.substring(from, to) : ((List<?>) item).subList(from, to);
    }

    /**
     * Go's eq/lt rules for basic kinds: integers and floats compare by value, strings by bytes;
     * {@code eq} on other kinds compares equality.
     */
    static int compare(Object x, Object y, boolean equalityOnly) {
        if (x instanceof Number a && y instanceof Number b) {
            if (a instanceof Long && b instanceof Long) {
                return Long.compare(a.longValue(), b.longValue());
            }
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if ((x instanceof String || x instanceof SafeHtml) && (y instanceof String || y instanceof SafeHtml)) {
            return x.toString().compareTo(y.toString());
        }
        if (x instanceof Boolean a && y instanceof Boolean b && equalityOnly) {
            return a.equals(b) ? 0 : 1;
        }
        if (equalityOnly && (x == null || y == null)) {
            return x == y ? 0 : 1;
        }
        if (x != null
                && y != null
                && x.getClass() == y.getClass()
                && equalityOnly
                && !(x instanceof Collection)
                && !(x instanceof Map)) {
            return x.equals(y) ? 0 : 1;
        }
        throw new TemplateException(
                "incompatible types for comparison: " + GoFormat.typeOf(x) + " and " + GoFormat.typeOf(y));
    }

    /** strings.Title: the first letter of each word upper case; words are separated by anything but letters, digits, _ and '. */
    static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int prev = ' ';
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean separator = !(Character.isLetterOrDigit(prev) || prev == '_' || prev == '\'');
            b.appendCodePoint(separator ? Character.toTitleCase(cp) : cp);
            prev = cp;
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /** url.QueryEscape: unreserved bytes stay, space is '+', the rest %XX. */
    static String queryEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    /** text/template's JSEscapeString. */
    static String js(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '"' -> b.append("\\\"");
                case '<' -> b.append("\\u003C");
                case '>' -> b.append("\\u003E");
                case '&' -> b.append("\\u0026");
                case '=' -> b.append("\\u003D");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (cp < ' ') {
                        b.append(String.format("\\u%04X", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.toString();
    }
}
