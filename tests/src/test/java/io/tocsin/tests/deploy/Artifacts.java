package io.tocsin.tests.deploy;

import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.config.YamlNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reading deploy/: YAML through Tocsin's own safe loader (one document at a time, merge keys
 * applied, as compose reads them), as plain maps and lists; and running an offline checker
 * (kubectl, docker, systemd-analyze) when it is on the PATH.
 */
final class Artifacts {
    static final Path DEPLOY = Path.of("..", "deploy");

    private Artifacts() {}

    static List<Path> files(String... extensions) {
        try (Stream<Path> all = Files.walk(DEPLOY)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(extensions)
                            .anyMatch(e -> p.getFileName().toString().endsWith(e)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a (possibly multi-document) YAML file, as maps, lists and strings. */
    static List<Object> documents(Path file) {
        String text = read(file);
        List<Object> docs = new ArrayList<>();
        int n = 0;
        for (String doc : text.split("(?m)^---\\s*$")) {
            n++;
            YamlNode root = YamlLoader.parse(doc, file + " (document " + n + ")");
            if (!YamlLoader.isEmpty(root)) {
                docs.add(plain(root));
            }
        }
        return docs;
    }

    static Object plain(YamlNode node) {
        if (node instanceof YamlNode.Scalar s) {
            return s.text();
        }
        if (node instanceof YamlNode.Sequence q) {
            return q.items().stream().map(Artifacts::plain).toList();
        }
        YamlNode.Mapping m = (YamlNode.Mapping) node;
        Map<String, Object> out = new LinkedHashMap<>();
        YamlNode.Entry merge = m.entries().get("<<");
        if (merge != null && plain(merge.value()) instanceof Map<?, ?> base) {
            base.forEach((k, v) -> out.put((String) k, v));
        }
        m.entries().forEach((k, e) -> {
            if (!k.equals("<<")) {
                Object v = plain(e.value());
                // compose's merge key: a mapping given again extends the merged one (environment: <<: *env)
                out.put(k, out.get(k) instanceof Map<?, ?> b && v instanceof Map<?, ?> o ? merged(b, o) : v);
            }
        });
        return out;
    }

    private static Map<String, Object> merged(Map<?, ?> base, Map<?, ?> over) {
        Map<String, Object> out = new LinkedHashMap<>();
        base.forEach((k, v) -> out.put((String) k, v));
        over.forEach((k, v) -> out.put((String) k, v));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String key) {
        Object v = ((Map<String, Object>) o).get(key);
        return v == null ? Map.of() : (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String key) {
        Object v = ((Map<String, Object>) o).get(key);
        return v == null ? List.of() : (List<Object>) v;
    }

    static String string(Object o, String key) {
        Object v = ((Map<?, ?>) o).get(key);
        return v == null ? null : v.toString();
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Run(int status, String output) {}

    /** Runs a checker; empty when the program is not installed. Bounded to a minute. */
    static Optional<Run> run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .directory(Path.of("..").toFile())
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of(new Run(-1, "timed out"));
            }
            return Optional.of(new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty(); // not on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
