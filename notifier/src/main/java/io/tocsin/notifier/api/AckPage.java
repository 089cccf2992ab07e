package io.tocsin.notifier.api;

import io.tocsin.notifier.channel.email.EmailMessage;

/** The small pages an acknowledge link answers with; everything shown is escaped. Pure. */
final class AckPage {
    private AckPage() {}

    static String acknowledged(String fingerprint, String by) {
        return page(
                "Acknowledged",
                "<p>Alert <code>" + EmailMessage.escape(fingerprint) + "</code> is acknowledged as "
                        + EmailMessage.escape(by) + ". Escalation and repeats stop; the channels will show it.</p>");
    }

    /**
     * What following the link shows: nothing is acknowledged yet. Mail scanners and link previews
     * fetch links with GET; only the button (a POST to the same address) acknowledges.
     */
    static String confirm(String fingerprint, String by) {
        return page(
                "Acknowledge this alert?",
                "<p>Alert <code>" + EmailMessage.escape(fingerprint)
                        + "</code> will be acknowledged as " + EmailMessage.escape(by)
                        + ": escalation and repeats stop.</p>\n<form method=\"post\"><button type=\"submit\">Acknowledge</button></form>");
    }

    static String refused(String reason) {
        return page(
                "Not acknowledged",
                "<p>" + EmailMessage.escape(reason) + ".</p>"
                        + "<p>Acknowledge through the API or ask for a new notification.</p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Tocsin: " + title + "</title></head>\n"
                + "<body>\n<h1>" + title + "</h1>\n" + body + "\n</body></html>\n";
    }
}
