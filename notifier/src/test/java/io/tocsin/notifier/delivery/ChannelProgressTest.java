package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelProgressTest {
    @Test
    void progressSurvivesTheTripThroughOffsetMetadata() {
        ChannelProgress p = new ChannelProgress("59fa2c6e", Set.of("slack[0]", "email[1]"));
        assertEquals("tocsin-channels-done:v1 59fa2c6e email[1],slack[0]", p.encode());
        assertEquals(p, ChannelProgress.parse(p.encode()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            # case                                   | metadata
            an offset committed without metadata     | ''
            no metadata at all                       | null
            metadata some other tool wrote           | checkpoint 42
            our prefix without a decision id         | 'tocsin-channels-done:v1  slack[0]'
            our prefix with too many fields          | 'tocsin-channels-done:v1 d1 slack[0] extra'
            """)
    void metadataThatIsNotProgressMeansNothingIsFinished(String what, String metadata) {
        assertNull(ChannelProgress.parse(metadata), what);
    }

    @Test
    void aDecisionWithNoChannelFinishedYetReadsBackEmpty() {
        assertEquals(new ChannelProgress("d1", Set.of()), ChannelProgress.parse("tocsin-channels-done:v1 d1 "));
    }
}
