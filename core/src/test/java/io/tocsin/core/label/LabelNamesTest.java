package io.tocsin.core.label;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelNamesTest {

    @ParameterizedTest(name = "{0}: metric {1}, label {2}, client label {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            up          | true  | true  | true
            job:rate:5m | true  | false | false
            _x1         | true  | true  | true
            __name__    | true  | true  | false
            1up         | false | false | false
            a-b         | false | false | false
            a.b         | false | false | false
            é           | false | false | false
            ``          | false | false | false
            """)
    void followsPrometheusDataModel(String name, boolean metric, boolean label, boolean clientLabel) {
        String n = name == null ? "" : name;
        assertEquals(metric, LabelNames.metricNameProblem(n) == null, "metric");
        assertEquals(label, LabelNames.isLabelName(n), "label");
        assertEquals(clientLabel, LabelNames.userLabelNameProblem(n) == null, "client label");
    }
}
