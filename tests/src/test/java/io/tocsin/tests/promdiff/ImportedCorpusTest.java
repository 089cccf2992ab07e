package io.tocsin.tests.promdiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.config.PlainYaml;
import io.tocsin.core.config.YamlLoader;
import io.tocsin.rules.model.Rule;
import io.tocsin.rules.parse.RuleLoader;
import io.tocsin.rules.parse.RuleParser;
import io.tocsin.rules.promimport.PromRuleImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code rules import} writes the very rule Tocsin compiles from the Prometheus file: every rule of
 * the corpus it converts loads back to the same evaluation (selection, function, window, grouping,
 * condition, for, labels, annotations) as the file read directly, and what it does not convert
 * (arithmetic on the value, which has no field in Tocsin's YAML) is listed with its reason.
 */
class ImportedCorpusTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "promdiff");

    static List<Path> ruleFiles() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.filter(p -> p.toString().endsWith(".yml") && !p.toString().endsWith(".test.yml"))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleFiles")
    @SuppressWarnings("unchecked")
    void anImportedRuleIsTheRuleCompiledFromTheFile(Path file) throws Exception {
        List<Rule> direct =
                RuleLoader.load(List.of(file)).rules().all().stream().toList();
        PromRuleImporter.Result imported =
                PromRuleImporter.convert((Map<String, Object>) PlainYaml.of(YamlLoader.load(file, file.toString())));
        RuleParser.Result back = RuleParser.parse(imported.yaml(), "imported.rules.yml");
        assertEquals(List.of(), back.errors(), imported.yaml());
        assertEquals(direct.size(), back.rules().size() + imported.skipped().size(), imported.yaml());
        imported.skipped().forEach(s -> assertTrue(s.reason().contains("arithmetic on the value"), s.toString()));
        for (Rule r : back.rules()) {
            Rule d = direct.stream()
                    .filter(x -> x.id().equals(r.id()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(meaning(d), meaning(r), r.id());
        }
    }

    private static String meaning(Rule r) {
        return String.join(
                " | ",
                String.valueOf(r.select()),
                String.valueOf(r.over()),
                r.aggregate() + "(" + r.aggregateArg() + ")",
                String.valueOf(r.window()),
                (r.without() ? "without " : "by ") + r.by(),
                String.valueOf(r.condition()),
                String.valueOf(r.math()),
                String.valueOf(r.forDuration()),
                String.valueOf(r.keepFiringFor()),
                String.valueOf(r.missing()),
                String.valueOf(new java.util.TreeMap<>(r.labels())),
                String.valueOf(new java.util.TreeMap<>(r.annotations())));
    }
}
