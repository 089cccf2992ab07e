package io.tocsin.console.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.console.view.AlertRow;
import io.tocsin.console.view.Board;
import io.tocsin.console.view.GroupCard;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    private static AlertRow row(String instance) {
        return new AlertRow(
                "abcdef0123456789",
                Map.of("alertname", "X", "instance", instance),
                "summary of " + instance,
                "2026-12-05T08:57:00Z",
                "3m ago",
                "97",
                "g/X",
                "silenced",
                List.of("pager"),
                List.of("s-1"),
                List.of(),
                List.of(),
                "",
                "",
                "",
                "",
                100);
    }

    @Test
    void labelValuesAndSummariesAreEscapedEverywhereTheyAppear() {
        String evil = "<script>alert(1)</script>\"'";
        Board b = new Board(
                List.of(new GroupCard("pager", Map.of("g", evil), List.of(row(evil)))),
                List.of(),
                evil,
                List.of(),
                "now");

        String html = Html.render("alerts.jte", Map.of("board", b));

        assertFalse(html.contains("<script>alert"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("silenced by <a class=\"silence-link\" href=\"/silences/s-1\">s-1</a>"), html);
    }

    @Test
    void everyPageLoadsItsScriptFromTheConsoleItselfAndTheCspAllowsNothingInline() {
        String html = Html.render("alerts.jte", Map.of("board", new Board(List.of(), List.of(), "", List.of(), "now")));
        assertTrue(html.contains("<script src=\"/static/htmx.min.js\" defer></script>"));
        assertFalse(ConsoleRoutes.CSP.contains("unsafe-inline"));
        assertTrue(html.contains("hx-trigger=\"every 1s\""));
    }
}
