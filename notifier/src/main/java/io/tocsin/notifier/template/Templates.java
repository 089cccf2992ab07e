package io.tocsin.notifier.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set of named notification templates, as Alertmanager builds it: its default templates first
 * ({@code slack.default.title}, {@code email.default.html}, ...), then the {@code templates:} files,
 * whose definitions replace the defaults of the same name. Immutable and safe to share.
 */
public final class Templates {
    /** Alertmanager 0.25's template/default.tmpl and email.tmpl (Apache License 2.0, The Prometheus Authors). */
    private static final List<String> DEFAULT_FILES = List.of("default.tmpl", "email.tmpl");

    private static final Templates DEFAULTS = readDefaults();
    private static final int CACHE_LIMIT = 1000;

    private final Map<String, List<Node>> named;
    private final Map<String, Parser.Parsed> cache = new ConcurrentHashMap<>();

    private Templates(Map<String, List<Node>> named) {
        this.named = Map.copyOf(named);
    }

    /** Alertmanager's default templates. */
    public static Templates defaults() {
        return DEFAULTS;
    }

    /**
     * The defaults plus these files, read in order.
     *
     * @throws TemplateException naming the file and line of a syntax error
     */
    public static Templates load(List<Path> files) {
        Templates t = DEFAULTS;
        for (Path f : files) {
            try {
                t = t.with(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new TemplateException(f + ": " + e.getMessage());
            }
        }
        return t;
    }

    /** These templates plus the definitions in {@code text}. */
    public Templates with(String sourceName, String text) {
        Parser.Parsed parsed = Parser.parse(sourceName, text);
        Map<String, List<Node>> all = new HashMap<>(named);
        all.putAll(parsed.defines());
        return new Templates(all);
    }

    public boolean defines(String name) {
        return named.containsKey(name);
    }

    /** Executes the named template. */
    public String execute(String name, Object data, Escape escape) {
        List<Node> body = named.get(name);
        if (body == null) {
            throw new TemplateException("template: no such template \"" + name + "\"");
        }
        return new Exec(named, escape).run(body, data);
    }

    /**
     * Executes a template text such as a receiver's {@code title: '{{ template "x" . }}'}: the text
     * may use every named template and define its own (Alertmanager's ExecuteTextString).
     */
    public String render(String text, Object data, Escape escape) {
        if (!text.contains("{{")) {
            return text;
        }
        Parser.Parsed parsed = parsed(text);
        Map<String, List<Node>> all = named;
        if (!parsed.defines().isEmpty()) {
            all = new HashMap<>(named);
            all.putAll(parsed.defines());
        }
        return new Exec(all, escape).run(parsed.body(), data);
    }

    /** Parses a template text to check it; the error names {@code sourceName} and the line. */
    public void check(String sourceName, String text) {
        Parser.parse(sourceName, text);
    }

    private Parser.Parsed parsed(String text) {
        Parser.Parsed p = cache.get(text);
        if (p == null) {
            p = Parser.parse("text", text);
            if (cache.size() < CACHE_LIMIT) {
                cache.put(text, p);
            }
        }
        return p;
    }

    private static Templates readDefaults() {
        Templates t = new Templates(Map.of());
        for (String file : DEFAULT_FILES) {
            try (InputStream in = Templates.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException(file + " is missing from the jar");
                }
                t = t.with(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return t;
    }
}
