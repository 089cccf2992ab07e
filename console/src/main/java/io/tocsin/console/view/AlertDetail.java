package io.tocsin.console.view;

import java.util.Map;

/**
 * The page of one alert: the alert as the Alerts page shows it (null when no group holds it now),
 * its annotations, its history, and the acknowledge and why forms.
 */
public record AlertDetail(
        String fingerprint, AlertRow row, Map<String, String> annotations, HistoryView history, String notice) {

    public String ackAction() {
        return "/alerts/" + AlertRow.enc(fingerprint) + "/ack";
    }
}
