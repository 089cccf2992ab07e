package io.tocsin.notifier.api;

import io.tocsin.core.label.Matcher;
import io.tocsin.core.label.SelectorParser;
import io.tocsin.core.label.SelectorSyntaxException;
import io.tocsin.ops.HttpErrors.BadRequest;
import java.util.ArrayList;
import java.util.List;

/** The {@code filter} query parameters of Alertmanager's API: one matcher each, e.g. {@code alertname="X"}. */
final class Filters {
    private Filters() {}

    /** @throws BadRequest naming the filter that does not parse */
    static List<Matcher> parse(List<String> params) {
        List<Matcher> out = new ArrayList<>();
        for (String f : params) {
            try {
                out.addAll(SelectorParser.alertmanager(f));
            } catch (SelectorSyntaxException e) {
                throw new BadRequest("filter '" + f + "': " + e.getMessage());
            }
        }
        return out;
    }
}
