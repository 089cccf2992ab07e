package io.tocsin.notifier.template;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Values printed as Go's fmt prints them ({@code %v}, Sprint, Sprintf), for the types templates meet. */
final class GoFormat {
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private GoFormat() {}

    /** fmt's %v. */
    static String print(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d) {
            return formatFloat(d);
        }
        if (v instanceof Instant t) {
            return time(t);
        }
        if (v instanceof KV.Pair p) {
            return "{" + p.name() + " " + p.value() + "}";
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                b.append(first ? "" : " ").append(print(e.getKey())).append(':').append(print(e.getValue()));
                first = false;
            }
            return b.append(']').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : " ").append(print(l.get(i)));
            }
            return b.append(']').toString();
        }
        return v.toString();
    }

    /** Go's time.Time String(): {@code 2006-01-02 15:04:05.999999999 -0700 MST}, here always in UTC. */
    static String time(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        String fraction = "";
        if (z.getNano() != 0) {
            fraction = String.format(".%09d", z.getNano()).replaceAll("0+$", "");
        }
        return GO_TIME.format(z) + fraction + " +0000 UTC";
    }

    /** strconv.FormatFloat(f, 'g', -1, 64) as %v prints it: shortest, exponent from 1e21. */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return new java.math.BigDecimal(d).toPlainString();
        }
        double abs = Math.abs(d);
        if (abs < 1e-4 || abs >= 1e21) {
            String s = Double.toString(d); // like 1.0E-5
            String[] parts = s.split("E");
            String mantissa = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
            int exp = Integer.parseInt(parts[1]);
            return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** fmt.Sprint: spaces between operands when neither side is a string. */
    static String sprint(List<Object> args) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0 && !(args.get(i) instanceof String) && !(args.get(i - 1) instanceof String)) {
                b.append(' ');
            }
            b.append(print(args.get(i)));
        }
        return b.toString();
    }

    /** fmt.Sprintf for the verbs templates use: %s %v %d %f %e %g %x %X %q %t %%, with flags, width, precision. */
    static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int arg = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int start = i++;
            while (i < format.length() && "+-# 0".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            while (i < format.length() && (Character.isDigit(format.charAt(i)) || format.charAt(i) == '.')) {
                i++;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i);
            String spec = format.substring(start, i);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (arg >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            out.append(one(spec, verb, args.get(arg++)));
        }
        if (arg < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = arg; k < args.size(); k++) {
                out.append(k > arg ? ", " : "")
                        .append(typeOf(args.get(k)))
                        .append('=')
                        .append(print(args.get(k)));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String one(String spec, char verb, Object v) {
        switch (verb) {
            case 's', 'v' -> {
                return String.format(spec.replace("#", "").replace("+", "") + "s", print(v));
            }
            case 'q' -> {
                return String.format(spec.replaceAll("[#+.0-9]", "") + "s", quote(print(v)));
            }
            case 't' -> {
                return v instanceof Boolean ? String.format(spec + "s", v) : bad(verb, v);
            }
            case 'd' -> {
                Long n = asLong(v);
                return n == null ? bad(verb, v) : String.format(spec + "d", n);
            }
            case 'x', 'X' -> {
                Long n = asLong(v);
                if (n != null) {
                    return String.format(spec + verb, n);
                }
                if (v instanceof String s) {
                    StringBuilder b = new StringBuilder();
                    for (byte by : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                        b.append(String.format(verb == 'x' ? "%02x" : "%02X", by));
                    }
                    return b.toString();
                }
                return bad(verb, v);
            }
            case 'f', 'F', 'e', 'E', 'g', 'G' -> {
                Double d = v instanceof Number n ? n.doubleValue() : null;
                if (d == null) {
                    return bad(verb, v);
                }
                if ((verb == 'g' || verb == 'G') && !spec.contains(".")) {
                    return formatFloat(d);
                }
                if (verb == 'F') {
                    verb = 'f';
                }
                return String.format(spec + verb, d);
            }
            default -> {
                return bad(verb, v);
            }
        }
    }

    private static Long asLong(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer n) {
            return n.longValue();
        }
        return null;
    }

    private static String bad(char verb, Object v) {
        return "%!" + verb + "(" + typeOf(v) + "=" + print(v) + ")";
    }

    static String typeOf(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "int";
        }
        if (v instanceof Double) {
            return "float64";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof GoObject g) {
            return g.typeName();
        }
        if (v instanceof Instant) {
            return "time.Time";
        }
        if (v instanceof List) {
            return "[]string";
        }
        return v.getClass().getSimpleName();
    }

    /** strconv.Quote. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (cp < 0x20 || cp == 0x7f) {
                        b.append(String.format("\\x%02x", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.append('"').toString();
    }
}
