package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A post acknowledged with 200 is let go only once something else answers reads for it; never by age alone. */
class PostFateTest {
    @ParameterizedTest(name = "held={0} firing={1} peers={2} caughtUp={3} age={4}s -> {5}")
    @CsvSource(delimiter = '|', textBlock = """
            # held  | firing | peers | caught up | age s | fate
              false | true   | false | false     | 0     | KEEP
              false | true   | false | false     | 60    | KEEP
              false | true   | false | true      | 3600  | KEEP
              false | true   | true  | false     | 3600  | KEEP
              false | true   | true  | true      | 9     | KEEP
              false | true   | true  | true      | 10    | PEERS
              true  | true   | false | false     | 0     | HELD
              true  | false  | true  | true      | 60    | HELD
              false | false  | false | false     | 0     | ENDED
              false | false  | true  | true      | 60    | ENDED
            """)
    void aPostIsKeptUntilAGroupHoldsItItEndsOrAnotherInstanceAnswersForIt(
            boolean held, boolean firing, boolean peers, boolean caughtUp, long ageSeconds, PostFate fate) {
        assertEquals(fate, PostFate.of(held, firing, peers, caughtUp, Duration.ofSeconds(ageSeconds)));
    }
}
