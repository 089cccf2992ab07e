package io.tocsin.notifier.config;

import io.tocsin.core.config.ConfigReader;
import io.tocsin.core.config.YamlNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code templates:}: file globs relative to the config file's folder, as Alertmanager reads them
 * ({@code filepath.Glob}: a pattern that matches nothing is no error). Wildcards are taken in the
 * file name only, which is how they are written in practice ({@code templates/*.tmpl}).
 */
final class TemplateFiles {
    private TemplateFiles() {}

    static List<Path> resolve(ConfigReader reader, YamlNode node, Path baseDir) {
        List<YamlNode> items = reader.list(node, "templates");
        List<Path> out = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String pattern = reader.string(items.get(i), "templates[" + i + "]");
            if (pattern == null) {
                continue;
            }
            Path full = baseDir.resolve(pattern).normalize();
            Path dir = full.getParent();
            String name = full.getFileName() == null ? "" : full.getFileName().toString();
            if (dir != null && hasWildcard(dir.toString())) {
                reader.problem(
                        items.get(i).mark(), "templates[" + i + "]: wildcards are supported in the file name only");
                continue;
            }
            if (!hasWildcard(name)) {
                if (!Files.isRegularFile(full)) {
                    reader.problem(items.get(i).mark(), "templates[" + i + "]: no such file " + full);
                } else {
                    out.add(full);
                }
                continue;
            }
            if (dir == null || !Files.isDirectory(dir)) {
                continue;
            }
            List<Path> matched = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, name)) {
                for (Path f : files) {
                    if (Files.isRegularFile(f)) {
                        matched.add(f);
                    }
                }
            } catch (IOException | RuntimeException e) {
                reader.problem(items.get(i).mark(), "templates[" + i + "]: cannot list " + dir + ": " + e.getMessage());
            }
            matched.sort(null); // Go's Glob returns names in lexical order
            out.addAll(matched);
        }
        return List.copyOf(out);
    }

    private static boolean hasWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }
}
