package io.tocsin.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricFamiliesTest {
    @Test
    void eachAskedNameStandsForItselfAndForItsFamily() {
        record Case(List<String> asked, Set<String> families) {}
        List<Case> cases = List.of(
                new Case(List.of("tocsin_rules_last_reload_ok"), Set.of("tocsin_rules_last_reload_ok")),
                new Case(
                        List.of("tocsin_notifier_dead_letters_total"),
                        Set.of("tocsin_notifier_dead_letters_total", "tocsin_notifier_dead_letters")),
                new Case(
                        List.of("http_request_duration_seconds_bucket"),
                        Set.of("http_request_duration_seconds_bucket", "http_request_duration_seconds")),
                new Case(List.of("x_count", "x_sum"), Set.of("x_count", "x_sum", "x")),
                new Case(List.of("_total", " ", ""), Set.of("_total")),
                new Case(List.of(), Set.of()));
        for (Case c : cases) {
            assertEquals(c.families(), MetricFamilies.of(c.asked()), c.asked().toString());
        }
    }
}
