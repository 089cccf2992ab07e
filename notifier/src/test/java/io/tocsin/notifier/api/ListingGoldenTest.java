package io.tocsin.notifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.notifier.dispatch.AlertGroup;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The answers' bytes are those the API gave in session 12 (files written by that code, {@link
 * ListingCases}), so a change to how the index keeps its rows cannot change what clients read: from
 * an index made whole, one brought up to date group by group, with JSON kept from an earlier answer
 * or made anew, in pieces of any size.
 */
class ListingGoldenTest {
    private static String golden(String name) throws Exception {
        try (InputStream in = ListingGoldenTest.class.getResourceAsStream("/listing-golden/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyQueryAnswersTheBytesItAnsweredBefore() throws Exception {
        for (Map.Entry<String, AlertView.Query> q : ListingCases.queries().entrySet()) {
            String expected = golden(q.getKey());
            HeldIndex fresh = HeldIndex.of(ListingCases.groups());
            assertEquals(expected, ListingCases.answer(fresh, q.getValue(), JsonChunks.CHUNK), q.getKey());
            assertEquals(
                    expected, ListingCases.answer(fresh, q.getValue(), 13), q.getKey() + ", JSON kept, pieces of 13");
        }
    }

    @Test
    void anIndexBroughtUpToDateGroupByGroupAnswersTheSameBytes() throws Exception {
        // Groups arrive one at a time (as the dispatch opens them), each answer in between keeping
        // the JSON it made: the last answer is the one a whole index gives.
        List<AlertGroup> groups = ListingCases.groups();
        HeldIndex index = new HeldIndex();
        index.rebuildById(List.of());
        for (int i = 0; i < groups.size(); i++) {
            AlertGroup g = groups.get(i);
            index.apply(
                    List.of(g.ref().id()),
                    id -> groups.stream()
                            .filter(x -> x.ref().id().equals(id))
                            .findFirst()
                            .orElse(null));
            ListingCases.answer(index, ListingCases.queries().get("all"), 100);
        }
        for (Map.Entry<String, AlertView.Query> q : ListingCases.queries().entrySet()) {
            assertEquals(golden(q.getKey()), ListingCases.answer(index, q.getValue(), 4096), q.getKey());
        }
    }
}
