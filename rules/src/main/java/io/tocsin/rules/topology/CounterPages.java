package io.tocsin.rules.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Which page holds each counting series of a stage-1 task, and which pages changed since the
 * last commit. A series joins the open page when it first counts and stays there; a full page
 * is closed. Pages are numbered per task, as the store they live in is.
 *
 * @param <S> the stage's series
 */
final class CounterPages<S> {
    /** Small enough that a lone moving series rewrites little; large enough to cut records ~16-fold. */
    static final int PAGE_SIZE = 16;

    /** A page's members and whether one of them moved since the last write. */
    static final class Page<S> {
        final int id;
        final List<S> members = new ArrayList<>(PAGE_SIZE);
        boolean dirty;

        Page(int id) {
            this.id = id;
        }
    }

    private final List<Page<S>> dirty = new ArrayList<>();
    private Page<S> open;
    private int nextId;

    /** Forgets every page: a task that starts again reads them back with {@link #restore}. */
    void clear() {
        dirty.clear();
        open = null;
        nextId = 0;
    }

    /**
     * Reads every stored page, handing each entry and its page to {@code member}, which returns the
     * series it names; new series then go to a new page, so a restored page keeps its members.
     */
    void restore(KeyValueStore<Integer, CounterPage> store, BiFunction<CounterPage.Entry, Page<S>, S> member) {
        try (KeyValueIterator<Integer, CounterPage> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                Page<S> page = new Page<>(kv.key);
                for (CounterPage.Entry e : kv.value.entries()) {
                    page.members.add(member.apply(e, page));
                }
                nextId = Math.max(nextId, kv.key + 1);
            }
        }
    }

    /** A page for a series that starts to count. */
    Page<S> join(S series) {
        if (open == null || open.members.size() >= PAGE_SIZE) {
            open = new Page<>(nextId++);
        }
        open.members.add(series);
        return open;
    }

    void moved(Page<S> page) {
        if (!page.dirty) {
            page.dirty = true;
            dirty.add(page);
        }
    }

    /** Hands over the pages that moved since the last call, which are clean again after it. */
    void writeDirty(Consumer<Page<S>> write) {
        for (Page<S> page : dirty) {
            write.accept(page);
            page.dirty = false;
        }
        dirty.clear();
    }
}
