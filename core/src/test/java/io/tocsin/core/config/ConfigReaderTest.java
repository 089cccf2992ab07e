package io.tocsin.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
    private final ConfigReader reader = new ConfigReader();

    private static YamlNode.Mapping doc(String yaml) {
        return (YamlNode.Mapping) YamlLoader.parse(yaml, "c.yml");
    }

    private List<String> problems() {
        return reader.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void everyProblemIsCollectedNotJustTheFirst() {
        YamlNode.Mapping m = doc("""
                group_wait: 5m1h
                send_resolved: maybe
                receivers: ops
                colour: red
                """);
        reader.duration(m.get("group_wait"), "group_wait");
        reader.bool(m.get("send_resolved"), "send_resolved");
        reader.list(m.get("receivers"), "receivers");
        reader.onlyKnown(m, "the route", Set.of("group_wait", "send_resolved", "receivers"));
        assertEquals(
                List.of(
                        "c.yml:1:13: group_wait: '5m1h' is not a duration (a number and a unit, largest first: 500ms, 30s, 5m, 1h30m, 2d, 1w; or 0)",
                        "c.yml:2:16: send_resolved must be true or false, found a string",
                        "c.yml:3:12: receivers must be a list, found a string",
                        "c.yml:4:1: unknown field 'colour' in the route (known: group_wait, receivers, send_resolved)"),
                problems());
    }

    @Test
    void aBareZeroIsADuration() {
        assertEquals(Duration.ZERO, reader.duration(doc("d: 0").get("d"), "d"));
        assertEquals(List.of(), problems());
    }

    @Test
    void numbersAndBooleansAreReadAsStringsAsWritten() {
        assertEquals(
                Map.of("priority", "1", "page", "true", "team", "web"),
                reader.stringMap(
                        doc("labels: {priority: 1, page: true, team: web}").get("labels"), "labels"));
        assertEquals(List.of(), problems());
    }

    @Test
    void emptyStringsAndNullsAreNamed() {
        YamlNode.Mapping m = doc("a: ''\nb:\n");
        assertNull(reader.string(m.get("a"), "receiver"));
        assertNull(reader.string(m.get("b"), "receiver"));
        assertEquals(
                List.of("c.yml:1:4: receiver must not be empty", "c.yml:2:3: receiver must be a string, found nothing"),
                problems());
    }

    @Test
    void requiredFieldsPointAtTheirMapping() {
        reader.requireAll(
                doc("name: x").get("name") instanceof YamlNode.Scalar ? doc("name: x") : null,
                "a receiver",
                "name",
                "url");
        assertEquals(List.of("c.yml:1:1: a receiver needs 'url'"), problems());
    }

    @Test
    void numbersAreCheckedAgainstTheirBounds() {
        YamlNode.Mapping m = doc("n: -1\nr: 0\ns: ten");
        assertNull(reader.integer(m.get("n"), "retries", 0));
        assertNull(reader.positiveNumber(m.get("r"), "rate"));
        assertNull(reader.integer(m.get("s"), "burst", 1));
        assertEquals(
                List.of(
                        "c.yml:1:4: retries must be a whole number, 0 or more, found '-1'",
                        "c.yml:2:4: rate must be a positive number, found '0'",
                        "c.yml:3:4: burst must be a whole number, 1 or more, found 'ten'"),
                problems());
    }
}
