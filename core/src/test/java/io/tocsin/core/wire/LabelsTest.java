package io.tocsin.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void setsWithTheSameNamesAndValuesAreEqualHoweverTheyWereBuilt() {
        Labels a = Labels.of("job", "api", "instance", "web-1");
        Labels b = Labels.of(Map.of("instance", "web-1", "job", "api"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.map(), b.map());
        assertEquals(Labels.EMPTY, Labels.of());
    }

    @Test
    void aDifferentValueNameOrCountMakesADifferentSet() {
        Labels a = Labels.of("job", "api", "instance", "web-1");
        assertNotEquals(a, Labels.of("job", "api", "instance", "web-2"));
        assertNotEquals(a, Labels.of("job", "api", "host", "web-1"));
        assertNotEquals(a, Labels.of("job", "api"));
        assertNotEquals(Labels.of("job", "api"), a);
        assertNotEquals(a, "job=api");
    }
}
