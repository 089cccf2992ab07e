package io.tocsin.notifier.dispatch;

/** Test access to what the dispatch alone does to a {@link GroupView}: for drivers in other packages. */
public final class GroupViews {
    private GroupViews() {}

    public static void put(GroupView view, String task, String id, AlertGroup group) {
        view.put(task, id, group);
    }
}
