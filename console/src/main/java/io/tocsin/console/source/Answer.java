package io.tocsin.console.source;

/**
 * What an API answered: the status and the decoded body (a JsonObject, JsonArray, or null when
 * empty or not JSON), or the reason it could not be reached.
 */
public record Answer(int status, Object body, String problem) {
    public boolean ok() {
        return problem == null && status >= 200 && status < 300;
    }

    /** The API's own reason ({@code {"error": ...}}), its status, or why it was not reached. */
    public String reason() {
        if (problem != null) {
            return problem;
        }
        if (body instanceof io.vertx.core.json.JsonObject o && o.getValue("error") instanceof String e) {
            return "HTTP " + status + ": " + e;
        }
        return "HTTP " + status;
    }
}
