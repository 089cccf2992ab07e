package io.tocsin.notifier.template;

import io.tocsin.notifier.template.Node.Arg;
import io.tocsin.notifier.template.Node.Branch;
import io.tocsin.notifier.template.Node.Command;
import io.tocsin.notifier.template.Node.Pipe;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Executes parsed templates on data with text/template's semantics. One instance per execution. */
final class Exec {
    private static final int MAX_DEPTH = 1000;
    private static final int MAX_OUTPUT = 1 << 20;
    /** "No final value": the first command of a pipeline has nothing piped into it. */
    private static final Object NONE = new Object();
    /** html/template drops the template's own HTML comments from its output. */
    private static final java.util.regex.Pattern HTML_COMMENT = java.util.regex.Pattern.compile("(?s)<!--.*?-->");

    private record Var(String name, Object value) {}

    private static final class BreakSignal extends RuntimeException {
        BreakSignal() {
            super(null, null, false, false);
        }
    }

    private static final class ContinueSignal extends RuntimeException {
        ContinueSignal() {
            super(null, null, false, false);
        }
    }

    private final Map<String, List<Node>> templates;
    private final Escape escape;
    private final StringBuilder out = new StringBuilder();
    private final List<Var> vars = new ArrayList<>();
    private int depth;

    Exec(Map<String, List<Node>> templates, Escape escape) {
        this.templates = templates;
        this.escape = escape;
    }

    String run(List<Node> body, Object data) {
        vars.add(new Var("$", data));
        list(body, data);
        return out.toString();
    }

    private void list(List<Node> nodes, Object dot) {
        for (Node n : nodes) {
            node(n, dot);
        }
    }

    private void node(Node n, Object dot) {
        try {
            if (n instanceof Node.Text t) {
                write(escape == Escape.HTML ? HTML_COMMENT.matcher(t.text()).replaceAll("") : t.text());
            } else if (n instanceof Node.Action a) {
                Object v = pipe(a.pipe(), dot);
                if (a.pipe().vars().isEmpty()) {
                    write(escape.apply(v, v == null ? "<no value>" : GoFormat.print(v)));
                }
            } else if (n instanceof Branch b) {
                branch(b, dot);
            } else if (n instanceof Node.Call c) {
                call(c, dot);
            } else if (n instanceof Node.Break) {
                throw new BreakSignal();
            } else if (n instanceof Node.Continue) {
                throw new ContinueSignal();
            }
        } catch (TemplateException e) {
            if (e.getMessage().startsWith("template: ")) {
                throw e;
            }
            throw new TemplateException("template: " + n.where() + ": " + e.getMessage());
        }
    }

    private void write(String s) {
        if (out.length() + s.length() > MAX_OUTPUT) {
            throw new TemplateException("output longer than " + MAX_OUTPUT + " characters");
        }
        out.append(s);
    }

    private void branch(Branch b, Object dot) {
        int mark = vars.size();
        try {
            Object v = pipe(b.pipe(), dot);
            switch (b.kind()) {
                case IF -> list(truth(v) ? b.list() : b.elseList(), dot);
                case WITH -> list(truth(v) ? b.list() : b.elseList(), truth(v) ? v : dot);
                case RANGE -> range(b, v, dot);
            }
        } finally {
            while (vars.size() > mark) {
                vars.remove(vars.size() - 1);
            }
        }
    }

    private void range(Branch b, Object v, Object dot) {
        List<Object[]> items = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                items.add(new Object[] {(long) i, l.get(i)});
            }
        } else if (v instanceof Map<?, ?> m) {
            new TreeMap<Object, Object>(m).forEach((k, e) -> items.add(new Object[] {k, e}));
        } else if (v instanceof Long n) {
            for (long i = 0; i < n; i++) {
                items.add(new Object[] {i, i});
            }
        } else if (v != null) {
            throw new TemplateException("range can't iterate over " + GoFormat.print(v));
        }
        if (items.isEmpty()) {
            list(b.elseList(), dot);
            return;
        }
        List<String> names = b.pipe().vars();
        int mark = vars.size();
        for (Object[] item : items) {
            if (names.size() == 1) {
                vars.add(new Var(names.get(0), item[1]));
            } else if (names.size() == 2) {
                vars.add(new Var(names.get(0), item[0]));
                vars.add(new Var(names.get(1), item[1]));
            }
            try {
                list(b.list(), item[1]);
            } catch (BreakSignal e) {
                break;
            } catch (ContinueSignal e) {
                // next item
            } finally {
                while (vars.size() > mark) {
                    vars.remove(vars.size() - 1);
                }
            }
        }
    }

    private void call(Node.Call c, Object dot) {
        List<Node> body = templates.get(c.name());
        if (body == null) {
            throw new TemplateException("no such template \"" + c.name() + "\"");
        }
        if (++depth > MAX_DEPTH) {
            throw new TemplateException("exceeded maximum template depth (" + MAX_DEPTH + ")");
        }
        Object newDot = c.pipe() == null ? null : pipe(c.pipe(), dot);
        List<Var> saved = new ArrayList<>(vars);
        vars.clear();
        vars.add(new Var("$", newDot));
        try {
            list(body, newDot);
        } finally {
            vars.clear();
            vars.addAll(saved);
            depth--;
        }
    }

    private Object pipe(Pipe p, Object dot) {
        Object value = NONE;
        for (Command c : p.commands()) {
            value = command(c, dot, value);
        }
        if (!p.vars().isEmpty()) {
            if (p.assign()) {
                set(p.vars().get(0), value);
            } else if (p.vars().size() == 1) {
                vars.add(new Var(p.vars().get(0), value));
            }
            // Two variables only make sense in range; range binds them itself.
        }
        return value;
    }

    private Object command(Command c, Object dot, Object fin) {
        Arg first = c.args().get(0);
        List<Arg> rest = c.args().subList(1, c.args().size());
        if (first instanceof Arg.Field f) {
            return chain(dot, dot, f.names(), rest, fin);
        }
        if (first instanceof Arg.Chain ch) {
            return chain(dot, arg(ch.base(), dot), ch.names(), rest, fin);
        }
        if (first instanceof Arg.Variable v) {
            Object value = lookup(v.name());
            if (v.names().isEmpty()) {
                noArgs(rest, fin, v.name());
                return value;
            }
            return chain(dot, value, v.names(), rest, fin);
        }
        if (first instanceof Arg.Function fn) {
            return function(fn.name(), dot, rest, fin);
        }
        noArgs(rest, fin, "value");
        return arg(first, dot);
    }

    private static void noArgs(List<Arg> rest, Object fin, String what) {
        if (!rest.isEmpty() || fin != NONE) {
            throw new TemplateException("can't give argument to non-function " + what);
        }
    }

    private Object chain(Object dot, Object receiver, List<String> names, List<Arg> rest, Object fin) {
        Object r = receiver;
        for (int i = 0; i < names.size() - 1; i++) {
            r = field(r, names.get(i), List.of());
        }
        List<Object> args = new ArrayList<>();
        for (Arg a : rest) {
            args.add(arg(a, dot));
        }
        if (fin != NONE) {
            args.add(fin);
        }
        return field(r, names.get(names.size() - 1), args);
    }

    private static Object field(Object receiver, String name, List<Object> args) {
        if (receiver == null) {
            throw new TemplateException("nil pointer evaluating ." + name);
        }
        if (receiver instanceof GoObject g) {
            Object v = g.field(name, args);
            if (v == GoObject.NO_SUCH_FIELD) {
                throw new TemplateException("can't evaluate field " + name + " in type " + g.typeName());
            }
            if (!args.isEmpty() && !(g instanceof KV && name.equals("Remove"))) {
                throw new TemplateException(name + " has arguments but cannot accept any");
            }
            return v;
        }
        if (receiver instanceof Map<?, ?> m) {
            if (!args.isEmpty()) {
                throw new TemplateException(name + " is not a method but has arguments");
            }
            return m.get(name);
        }
        throw new TemplateException("can't evaluate field " + name + " in type " + GoFormat.typeOf(receiver));
    }

    private Object arg(Arg a, Object dot) {
        if (a instanceof Arg.Dot) {
            return dot;
        }
        if (a instanceof Arg.Literal l) {
            return l.value();
        }
        if (a instanceof Arg.Field f) {
            return chain(dot, dot, f.names(), List.of(), NONE);
        }
        if (a instanceof Arg.Variable v) {
            return v.names().isEmpty() ? lookup(v.name()) : chain(dot, lookup(v.name()), v.names(), List.of(), NONE);
        }
        if (a instanceof Arg.Chain ch) {
            return chain(dot, arg(ch.base(), dot), ch.names(), List.of(), NONE);
        }
        if (a instanceof Arg.Sub s) {
            int mark = vars.size();
            Object v = pipe(s.pipe(), dot);
            while (vars.size() > mark) {
                vars.remove(vars.size() - 1);
            }
            return v;
        }
        return function(((Arg.Function) a).name(), dot, List.of(), NONE);
    }

    private Object function(String name, Object dot, List<Arg> rest, Object fin) {
        if (name.equals("and") || name.equals("or")) {
            List<Arg> operands = rest;
            if (operands.isEmpty() && fin == NONE) {
                throw new TemplateException("wrong number of args for " + name + ": want at least 1 got 0");
            }
            Object v = null;
            boolean and = name.equals("and");
            for (Arg a : operands) {
                v = arg(a, dot);
                if (truth(v) != and) {
                    return v;
                }
            }
            return fin != NONE ? fin : v;
        }
        Funcs.Fn fn = Funcs.get(name);
        if (fn == null) {
            throw new TemplateException("function \"" + name + "\" not defined");
        }
        List<Object> args = new ArrayList<>();
        for (Arg a : rest) {
            args.add(arg(a, dot));
        }
        if (fin != NONE) {
            args.add(fin);
        }
        return fn.call(args);
    }

    private Object lookup(String name) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(name)) {
                return vars.get(i).value();
            }
        }
        throw new TemplateException("undefined variable: " + name);
    }

    private void set(String name, Object value) {
        for (int i = vars.size() - 1; i >= 0; i--) {
            if (vars.get(i).name().equals(name)) {
                vars.set(i, new Var(name, value));
                return;
            }
        }
        throw new TemplateException("undefined variable: " + name);
    }

    /** Go's truth: zero values and empty collections are false; structs are true. */
    static boolean truth(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof SafeHtml h) {
            return !h.html().isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }
}
