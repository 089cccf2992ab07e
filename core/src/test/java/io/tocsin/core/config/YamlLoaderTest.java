package io.tocsin.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class YamlLoaderTest {

    private static String problem(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> YamlLoader.parse(yaml, "f.yml"));
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0).toString();
    }

    @Test
    void everyNodeKnowsItsLineAndColumn() {
        YamlNode.Mapping root = (YamlNode.Mapping) YamlLoader.parse("""
                route:
                  receiver: ops
                  group_by: [alertname, env]
                """, "am.yml");
        YamlNode.Mapping route = (YamlNode.Mapping) root.get("route");
        assertEquals("am.yml:2:3", route.entries().get("receiver").keyMark().toString());
        assertEquals("am.yml:2:13", route.get("receiver").mark().toString());
        YamlNode.Sequence by = (YamlNode.Sequence) route.get("group_by");
        assertEquals("am.yml:3:25", by.items().get(1).mark().toString());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "x: 30          | NUMBER  | 30",
                "x: '30'        | STRING  | 30",
                "x: 1.5         | NUMBER  | 1.5",
                "x: true        | BOOLEAN | true",
                "x: False       | BOOLEAN | false",
                "x: on          | STRING  | on",
                "x: yes         | STRING  | yes",
                "x: 30s         | STRING  | 30s",
                "x: ~           | NULL    | ",
                "x:             | NULL    | ",
            })
    void scalarsAreTypedAsYaml12TypesThem(String yaml, YamlNode.Scalar.Type type, String text) {
        YamlNode.Scalar x = (YamlNode.Scalar) ((YamlNode.Mapping) YamlLoader.parse(yaml, "f")).get("x");
        assertEquals(type, x.type());
        assertEquals(text, x.text());
    }

    @Test
    void aQuotedValuePointsPastItsQuote() {
        YamlNode.Scalar s =
                (YamlNode.Scalar) ((YamlNode.Mapping) YamlLoader.parse("expr: 'up{a=~\"(\"}'", "f")).get("expr");
        assertEquals("f:1:11", s.markAt(3).toString());
    }

    @Test
    void anEmptyDocumentIsNothingAtTheStartOfTheFile() {
        YamlNode empty = YamlLoader.parse("# nothing\n", "f");
        assertTrue(YamlLoader.isEmpty(empty));
        assertEquals("f:1:1", empty.mark().toString());
    }

    @Test
    void syntaxErrorsAreLocated() {
        assertEquals("f.yml:2:5: invalid YAML: mapping values are not allowed here", problem("a: b\nc: d: e\n"));
    }

    @Test
    void duplicateKeysAreRefusedAtTheSecondKey() {
        assertEquals("f.yml:3:1: duplicate key 'a'", problem("a: 1\nb: 2\na: 3\n"));
    }

    @Test
    void anAliasBombIsOneLineNotAnOutOfMemoryError() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        String p = problem(yaml.toString());
        assertTrue(p.startsWith("f.yml:"), p);
        assertTrue(p.contains("aliases") || p.contains("nodes"), p);
    }

    @Test
    void aFewAliasesThatExpandExponentiallyAreBoundedByNodes() {
        // Two aliases per level stay under the alias limit but would expand to 2^40 nodes.
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i < 40; i++) {
            yaml.append("a")
                    .append(i)
                    .append(": &a")
                    .append(i)
                    .append(" [*a")
                    .append(i - 1)
                    .append(", *a")
                    .append(i - 1)
                    .append("]\n");
        }
        assertTrue(problem(yaml.toString()).contains("more than " + YamlLoader.MAX_NODES + " nodes"));
    }

    @Test
    void deepNestingIsRefused() {
        String p = problem("a: " + "[".repeat(200) + "]".repeat(200));
        assertTrue(p.startsWith("f.yml:1:"), p);
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.rules.yml");
        Files.write(big, List.of("# " + "x".repeat(YamlLoader.MAX_BYTES)));
        ConfigException e = assertThrows(ConfigException.class, () -> YamlLoader.load(big, "big.rules.yml"));
        assertTrue(e.getMessage().startsWith("big.rules.yml:1:1: the file is "), e.getMessage());
    }

    @Test
    void invalidUtf8IsAProblemNotAStackTrace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yml");
        Files.write(bad, new byte[] {'a', ':', ' ', (byte) 0xc0, (byte) 0xaf});
        ConfigException e = assertThrows(ConfigException.class, () -> YamlLoader.load(bad, "bad.yml"));
        assertEquals("bad.yml:1:1: the file is not valid UTF-8", e.getMessage());
    }

    @Test
    void aMissingFileSaysSo(@TempDir Path dir) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> YamlLoader.load(dir.resolve("nope.yml"), "nope.yml"));
        assertTrue(e.getMessage().startsWith("nope.yml:1:1: cannot read"), e.getMessage());
    }

    @Test
    void keysMustBeScalars() {
        assertInstanceOf(
                ConfigException.class,
                assertThrows(ConfigException.class, () -> YamlLoader.parse("? [a]\n: b\n", "f")));
    }
}
