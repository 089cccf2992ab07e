package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DueIndexTest {
    @Test
    void aTickTakesOnlyWhatIsDueEarliestFirst() {
        DueIndex<String> due = new DueIndex<>();
        due.schedule("late", 300);
        due.schedule("early", 100);
        due.schedule("now", 200);

        assertEquals(List.of("early", "now"), due.takeDue(200));
        assertEquals(List.of(), due.takeDue(299));
        assertEquals(List.of("late"), due.takeDue(1_000));
        assertEquals(0, due.size());
    }

    @Test
    void reschedulingMovesAKeyAndNeverLeavesItTwice() {
        DueIndex<String> due = new DueIndex<>();
        due.schedule("a", 100);
        due.schedule("a", 500);

        assertEquals(List.of(), due.takeDue(400));
        assertEquals(List.of("a"), due.takeDue(500));
    }

    @Test
    void neverDueAndRemovedKeysAreNotTaken() {
        DueIndex<String> due = new DueIndex<>();
        due.schedule("quiet", Long.MAX_VALUE);
        due.schedule("gone", 100);
        due.remove("gone");

        assertEquals(List.of(), due.takeDue(Long.MAX_VALUE - 1));
        assertEquals(0, due.size());
    }
}
