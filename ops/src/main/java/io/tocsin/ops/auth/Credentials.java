package io.tocsin.ops.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Reading a token out of an Authorization header, and the digest tokens are looked up by. */
public final class Credentials {
    private Credentials() {}

    /**
     * The token of {@code Bearer <token>} (Prometheus, amtool, curl) or of {@code Basic} with the
     * token as password and any user name (Loki4j and Grafana-Cloud-style clients); null otherwise.
     */
    public static String token(String authorization) {
        if (authorization == null) {
            return null;
        }
        String header = authorization.trim();
        int space = header.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = header.substring(0, space);
        String credentials = header.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return credentials.isEmpty() ? null : credentials;
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** A digest, so that lookup does not compare the token itself byte by byte (timing). */
    public static String digest(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
