package io.tocsin.notifier.channel;

import io.tocsin.core.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Removes a secret URL from text meant for logs and the ledger. HTTP client errors quote the
 * request ("... while executing POST /services/T0/B0/XYZ"), and for a webhook that path is the
 * credential itself.
 */
public final class Redaction {
    public static final String MASK = "<redacted>";

    private Redaction() {}

    public static String redact(String text, Secret url) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String secret = url.reveal();
        String out = text.replace(secret, MASK);
        try {
            URI uri = new URI(secret);
            String path = uri.getRawPath();
            if (path != null && path.length() > 1) {
                out = out.replace(path, MASK);
            }
            String query = uri.getRawQuery();
            if (query != null && !query.isEmpty()) {
                out = out.replace(query, MASK);
            }
        } catch (URISyntaxException e) {
            // Not a URI: the whole-string replacement above is all we can do.
        }
        return out;
    }
}
