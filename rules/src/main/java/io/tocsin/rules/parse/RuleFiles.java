package io.tocsin.rules.parse;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.core.config.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds rule files the way Prometheus users keep them: any {@code *.yml}/{@code *.yaml} under a
 * directory whose top level holds {@code groups:} is a rule file, whatever its name ({@code
 * alerts.yml}, {@code web.rules.yaml}). Other YAML beside them (routing, collectors, rule tests) is
 * skipped, with the reason, so that {@code rules check} can say what it did not read. A file named
 * explicitly, or named {@code *.rules.yml}/{@code *.rules.yaml} (Tocsin's own convention), is a
 * rule file whatever it holds, so its mistakes are reported rather than skipped, as with {@code
 * promtool check rules FILE}.
 */
public final class RuleFiles {

    /** A rule file and how problems in it are shown. */
    public record Found(Path path, String display) {}

    /** A YAML file that is not read as rules, and why. */
    public record Skipped(String display, String reason) {}

    public record Discovery(List<Found> files, List<Skipped> skipped) {}

    /** A line that opens the top-level {@code groups:} key, for a file whose YAML is broken. */
    private static final Pattern GROUPS_LINE = Pattern.compile("(?m)^[\"']?groups[\"']?\\s*:");

    private static final int HEAD_BYTES = 64 * 1024;

    private RuleFiles() {}

    /** Every YAML file a directory or file may hold; the reloader digests the same set. */
    public static List<Path> candidates(Path dirOrFile) {
        if (Files.isRegularFile(dirOrFile)) {
            return List.of(dirOrFile);
        }
        if (!Files.isDirectory(dirOrFile)) {
            throw new IllegalArgumentException("rule file or directory " + dirOrFile + " does not exist");
        }
        try (Stream<Path> s = Files.walk(dirOrFile)) {
            return s.filter(Files::isRegularFile)
                    .filter(RuleFiles::isYaml)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Discovery discover(List<Path> roots) {
        List<Found> files = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path root : roots) {
            boolean explicit = Files.isRegularFile(root);
            for (Path p : candidates(root)) {
                String display = explicit ? p.toString() : display(root, p);
                String reason = explicit ? null : whyNotRules(p, display);
                if (reason == null) {
                    files.add(new Found(p, display));
                } else {
                    skipped.add(new Skipped(display, reason));
                }
            }
        }
        return new Discovery(List.copyOf(files), List.copyOf(skipped));
    }

    static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    /** Null when the file is a rule file, else why it is skipped. */
    static String whyNotRules(Path p, String display) {
        String n = p.getFileName().toString();
        if (n.endsWith(".rules.yml") || n.endsWith(".rules.yaml")) {
            return null; // named as a rule file: whatever is wrong with it is reported, never skipped
        }
        try {
            YamlNode root = YamlLoader.load(p, display);
            if (root instanceof YamlNode.Mapping m) {
                return m.has("groups")
                        ? null
                        : "no top-level groups: (top-level keys: "
                                + String.join(", ", m.entries().keySet()) + ")";
            }
            return "no top-level groups: (the document is " + root.kind() + ")";
        } catch (ConfigException e) {
            // Broken YAML that opens groups: is a broken rule file: its errors are reported, not skipped.
            return looksLikeRules(p)
                    ? null
                    : "not YAML this reader accepts, and no top-level groups: line ("
                            + e.problems().get(0) + ")";
        }
    }

    private static boolean looksLikeRules(Path p) {
        // The head is enough (groups: is the document's first key in practice) and bounds the read.
        try (InputStream in = Files.newInputStream(p)) {
            String head = new String(in.readNBytes(HEAD_BYTES), StandardCharsets.UTF_8);
            return GROUPS_LINE.matcher(head).find();
        } catch (IOException | UncheckedIOException e) {
            return true; // unreadable: the loader reports why
        }
    }

    private static String display(Path dir, Path file) {
        Path base = dir.toAbsolutePath().normalize().getParent();
        Path abs = file.toAbsolutePath().normalize();
        return base != null && abs.startsWith(base) ? base.relativize(abs).toString() : file.toString();
    }
}
