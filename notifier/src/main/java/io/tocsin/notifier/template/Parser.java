package io.tocsin.notifier.template;

import io.tocsin.notifier.template.Node.Arg;
import io.tocsin.notifier.template.Node.Branch;
import io.tocsin.notifier.template.Node.Command;
import io.tocsin.notifier.template.Node.Pipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go text/template syntax to {@link Node}s: text and {@code {{ }}} actions with {@code {{-}} / {@code -}}}
 * trimming and comments, if/else if/with/range/else/end, define/template/block, break/continue,
 * pipelines with variables, parenthesised pipelines, field chains and literals.
 */
final class Parser {
    /** What a source parses to: its own body and the templates it defines. */
    record Parsed(List<Node> body, Map<String, List<Node>> defines) {}

    private record Item(String where, String text, List<Token> tokens) {
        boolean isText() {
            return tokens == null;
        }
    }

    private final String name;
    private final List<Item> items;
    private final Map<String, List<Node>> defines = new LinkedHashMap<>();
    private int pos;

    private Parser(String name, List<Item> items) {
        this.name = name;
        this.items = items;
    }

    static Parsed parse(String name, String text) {
        Parser p = new Parser(name, split(name, text));
        Stop stop = p.list();
        if (stop != null) {
            throw new TemplateException(stop.where + ": unexpected {{" + stop.keyword + "}}");
        }
        return new Parsed(p.body, p.defines);
    }

    private List<Node> body = List.of();

    private record Stop(String where, String keyword, List<Token> rest) {}

    /** Parses nodes into {@link #body} until end of input (null) or an end/else (returned). */
    private Stop list() {
        List<Node> out = new ArrayList<>();
        Stop stop = list(out);
        body = out;
        return stop;
    }

    private Stop list(List<Node> out) {
        while (pos < items.size()) {
            Item item = items.get(pos++);
            if (item.isText()) {
                if (!item.text.isEmpty()) {
                    out.add(new Node.Text(item.where, item.text));
                }
                continue;
            }
            List<Token> t = item.tokens;
            if (t.isEmpty()) {
                throw new TemplateException(item.where + ": missing value for command");
            }
            String keyword = t.get(0).type() == Token.Type.IDENT ? t.get(0).text() : "";
            switch (keyword) {
                case "end" -> {
                    return new Stop(item.where, "end", t.subList(1, t.size()));
                }
                case "else" -> {
                    return new Stop(item.where, "else", t.subList(1, t.size()));
                }
                case "if" -> out.add(branch(item.where, Branch.Kind.IF, t.subList(1, t.size())));
                case "with" -> out.add(branch(item.where, Branch.Kind.WITH, t.subList(1, t.size())));
                case "range" -> out.add(branch(item.where, Branch.Kind.RANGE, t.subList(1, t.size())));
                case "break" -> out.add(new Node.Break(item.where));
                case "continue" -> out.add(new Node.Continue(item.where));
                case "template", "block" -> {
                    if (t.size() < 2 || t.get(1).type() != Token.Type.STRING) {
                        throw new TemplateException(item.where + ": " + keyword + " needs a quoted template name");
                    }
                    String called = t.get(1).text();
                    Pipe pipe = t.size() > 2 ? new PipeParser(item.where, t.subList(2, t.size())).pipe() : null;
                    if (keyword.equals("block")) {
                        defines.put(called, body(item.where, "block"));
                    }
                    out.add(new Node.Call(item.where, called, pipe));
                }
                case "define" -> {
                    if (t.size() != 2 || t.get(1).type() != Token.Type.STRING) {
                        throw new TemplateException(item.where + ": define needs a quoted template name");
                    }
                    defines.put(t.get(1).text(), body(item.where, "define"));
                }
                default -> out.add(new Node.Action(item.where, new PipeParser(item.where, t).pipe()));
            }
        }
        return null;
    }

    /** A list closed by {{end}}; an {{else}} is an error here. */
    private List<Node> body(String where, String what) {
        List<Node> out = new ArrayList<>();
        Stop stop = list(out);
        if (stop == null || !stop.keyword.equals("end")) {
            throw new TemplateException(where + ": " + what + " without {{end}}");
        }
        return out;
    }

    private Branch branch(String where, Branch.Kind kind, List<Token> pipeTokens) {
        Pipe pipe = new PipeParser(where, pipeTokens).pipe();
        List<Node> list = new ArrayList<>();
        Stop stop = list(list);
        if (stop == null) {
            throw new TemplateException(where + ": " + kind.name().toLowerCase() + " without {{end}}");
        }
        List<Node> elseList = List.of();
        if (stop.keyword.equals("else")) {
            List<Token> rest = stop.rest;
            boolean chained = !rest.isEmpty()
                    && rest.get(0).type() == Token.Type.IDENT
                    && (rest.get(0).text().equals("if") || rest.get(0).text().equals("with"));
            if (chained) {
                // {{else if x}} is {{else}}{{if x}}...{{end}}{{end}} sharing the final {{end}}.
                Branch.Kind next = rest.get(0).text().equals("if") ? Branch.Kind.IF : Branch.Kind.WITH;
                elseList = List.of(branch(stop.where, next, rest.subList(1, rest.size())));
            } else {
                if (!rest.isEmpty()) {
                    throw new TemplateException(
                            stop.where + ": unexpected " + rest.get(0).text() + " after else");
                }
                elseList = body(stop.where, "else");
            }
        }
        return new Branch(where, kind, pipe, list, elseList);
    }

    /** Text and action token lists, with {{- -}} trimming and comments applied. */
    private static List<Item> split(String name, String text) {
        List<Item> items = new ArrayList<>();
        int i = 0;
        int line = 1;
        boolean trimNext = false;
        while (i <= text.length()) {
            int open = text.indexOf("{{", i);
            String chunk = open < 0 ? text.substring(i) : text.substring(i, open);
            if (trimNext) {
                chunk = chunk.stripLeading();
            }
            boolean trimBefore = open >= 0
                    && open + 3 < text.length()
                    && text.charAt(open + 2) == '-'
                    && Character.isWhitespace(text.charAt(open + 3));
            if (trimBefore) {
                chunk = chunk.stripTrailing();
            }
            items.add(new Item(name + ":" + line, chunk, null));
            if (open < 0) {
                break;
            }
            line += count(text, i, open);
            int start = open + (trimBefore ? 3 : 2);
            int close = closing(text, start, name + ":" + line);
            int end = close;
            trimNext = close - 2 >= start
                    && text.charAt(close - 1) == '-'
                    && Character.isWhitespace(text.charAt(close - 2));
            if (trimNext) {
                end = close - 1;
            }
            String body = text.substring(start, end);
            String where = name + ":" + line;
            String stripped = body.strip();
            if (stripped.startsWith("/*")) {
                if (!stripped.endsWith("*/")) {
                    throw new TemplateException(where + ": unclosed comment");
                }
            } else {
                items.add(new Item(where, null, Token.scan(where, body)));
            }
            line += count(text, open, close + 2);
            i = close + 2;
        }
        return items;
    }

    /** The index of the "}}" closing an action, skipping quoted strings. */
    private static int closing(String text, int from, String where) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '`' || c == '\'') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c) {
                    j += (c != '`' && text.charAt(j) == '\\') ? 2 : 1;
                }
                i = j + 1;
                continue;
            }
            if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                return i;
            }
            i++;
        }
        throw new TemplateException(where + ": unclosed action");
    }

    private static int count(String text, int from, int to) {
        int n = 0;
        for (int k = from; k < to && k < text.length(); k++) {
            if (text.charAt(k) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** Pipelines inside one action. */
    private static final class PipeParser {
        private final String where;
        private final List<Token> t;
        private int p;

        PipeParser(String where, List<Token> tokens) {
            this.where = where;
            this.t = tokens;
        }

        Pipe pipe() {
            Pipe pipe = pipeline();
            if (p < t.size()) {
                throw new TemplateException(where + ": unexpected " + t.get(p).text() + " in command");
            }
            return pipe;
        }

        private Pipe pipeline() {
            List<String> vars = new ArrayList<>();
            boolean assign = false;
            int save = p;
            while (p < t.size() && t.get(p).type() == Token.Type.VARIABLE) {
                vars.add(t.get(p++).text());
                if (p < t.size() && t.get(p).type() == Token.Type.COMMA) {
                    p++;
                    continue;
                }
                break;
            }
            if (!vars.isEmpty()
                    && p < t.size()
                    && (t.get(p).type() == Token.Type.DECLARE || t.get(p).type() == Token.Type.ASSIGN)) {
                assign = t.get(p++).type() == Token.Type.ASSIGN;
            } else {
                vars.clear();
                p = save;
            }
            List<Command> commands = new ArrayList<>();
            while (true) {
                List<Arg> args = new ArrayList<>();
                while (p < t.size()
                        && t.get(p).type() != Token.Type.PIPE
                        && t.get(p).type() != Token.Type.RPAREN) {
                    args.add(operand());
                }
                if (args.isEmpty()) {
                    throw new TemplateException(where + ": missing value for command");
                }
                commands.add(new Command(args));
                if (p < t.size() && t.get(p).type() == Token.Type.PIPE) {
                    p++;
                    continue;
                }
                break;
            }
            return new Pipe(vars, assign, commands);
        }

        private Arg operand() {
            Token tok = t.get(p++);
            Arg base = switch (tok.type()) {
                case DOT -> new Arg.Dot();
                case FIELD -> {
                    List<String> names = new ArrayList<>();
                    names.add(tok.text());
                    names.addAll(fields());
                    yield new Arg.Field(names);
                }
                case VARIABLE -> new Arg.Variable(tok.text(), fields());
                case STRING -> new Arg.Literal(tok.text());
                case NUMBER -> new Arg.Literal(Token.number(where, tok.text()));
                case IDENT ->
                    switch (tok.text()) {
                        case "true" -> new Arg.Literal(Boolean.TRUE);
                        case "false" -> new Arg.Literal(Boolean.FALSE);
                        case "nil" -> new Arg.Literal(null);
                        default -> new Arg.Function(tok.text());
                    };
                case LPAREN -> {
                    Pipe inner = pipeline();
                    if (p >= t.size() || t.get(p).type() != Token.Type.RPAREN) {
                        throw new TemplateException(where + ": unclosed left paren");
                    }
                    p++;
                    List<String> chain = fields();
                    yield chain.isEmpty() ? new Arg.Sub(inner) : new Arg.Chain(new Arg.Sub(inner), chain);
                }
                default -> throw new TemplateException(where + ": unexpected " + tok.text() + " in operand");
            };
            return base;
        }

        /** Field names that follow without a space: {@code .A.B}, {@code $x.A}, {@code (...).A}. */
        private List<String> fields() {
            List<String> names = new ArrayList<>();
            while (p < t.size()
                    && t.get(p).type() == Token.Type.FIELD
                    && !t.get(p).spaced()) {
                names.add(t.get(p++).text());
            }
            return names;
        }
    }
}
