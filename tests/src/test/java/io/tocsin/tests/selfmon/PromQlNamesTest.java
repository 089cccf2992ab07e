package io.tocsin.tests.selfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {
    @Test
    void aSelectorInsideFunctionsAndAggregationsNamesOnlyItsMetric() {
        assertEquals(
                Set.of("http_server_seconds_bucket"),
                PromQlNames.of("histogram_quantile(0.95, sum by (le, destination) "
                        + "(rate(http_server_seconds_bucket{job=~\"$job\", outcome!=\"by(x)\"}[5m])))"));
    }

    @Test
    void bothSidesOfARatioAreNamed() {
        assertEquals(
                Set.of("a_sum", "a_count"),
                PromQlNames.of("sum(rate(a_sum[5m])) / sum without (instance) (rate(a_count[5m])) * 100"));
    }

    @Test
    void aBareNameIsAMetric() {
        assertEquals(Set.of("tocsin_rules_loaded"), PromQlNames.of("tocsin_rules_loaded > 0"));
    }
}
