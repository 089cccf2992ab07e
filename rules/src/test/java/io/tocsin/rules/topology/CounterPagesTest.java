package io.tocsin.rules.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterPagesTest {
    private final CounterPages<String> pages = new CounterPages<>();

    @Test
    void seriesFillAPageBeforeTheNextOpens() {
        List<CounterPages.Page<String>> joined = new ArrayList<>();
        for (int i = 0; i <= CounterPages.PAGE_SIZE; i++) {
            joined.add(pages.join("s" + i));
        }
        assertSame(joined.get(0), joined.get(CounterPages.PAGE_SIZE - 1));
        assertNotSame(joined.get(0), joined.get(CounterPages.PAGE_SIZE));
        assertEquals(List.of(0, 1), joined.stream().map(p -> p.id).distinct().toList());
        assertEquals(CounterPages.PAGE_SIZE, joined.get(0).members.size());
    }

    @Test
    void aPageThatMovedIsWrittenOnceAndThenIsCleanUntilItMovesAgain() {
        CounterPages.Page<String> page = pages.join("a");
        pages.join("b");
        pages.moved(page);
        pages.moved(page);
        List<Integer> written = new ArrayList<>();
        pages.writeDirty(p -> written.add(p.id));
        pages.writeDirty(p -> written.add(p.id));
        assertEquals(List.of(0), written);
        pages.moved(page);
        pages.writeDirty(p -> written.add(p.id));
        assertEquals(List.of(0, 0), written);
    }
}
