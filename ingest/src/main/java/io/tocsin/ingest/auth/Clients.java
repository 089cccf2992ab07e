package io.tocsin.ingest.auth;

import io.tocsin.ops.auth.Credentials;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may write. With no clients configured, ingest is open: every request is admitted without
 * authentication, as before tokens existed. Tokens are compared by SHA-256 digest in constant
 * time, and never stored or logged in clear beyond the {@link io.tocsin.core.config.Secret}.
 */
public final class Clients {
    private final Map<String, ClientState> byDigest = new HashMap<>();
    private final List<Client> clients;

    /** The result of reading the Authorization header. */
    public sealed interface Identity {}

    /** No clients are configured: nothing is checked. */
    public record Open() implements Identity {}

    public record Known(ClientState client) implements Identity {}

    /** 401: no credentials, or credentials that match no client. */
    public record Unknown(String reason) implements Identity {}

    public static Clients open() {
        return new Clients(List.of(), Clock.systemUTC());
    }

    public Clients(List<Client> clients, Clock clock) {
        this.clients = List.copyOf(clients);
        for (Client c : clients) {
            if (byDigest.put(Credentials.digest(c.token().reveal()), new ClientState(c, clock)) != null) {
                throw new IllegalArgumentException("two clients share a token (" + c.name() + ")");
            }
        }
    }

    public boolean isOpen() {
        return clients.isEmpty();
    }

    public List<Client> clients() {
        return clients;
    }

    /**
     * Accepts {@code Bearer <token>} (Prometheus, promtail, curl) and {@code Basic} with the token as
     * password and any user name (what Loki4j and Grafana-Cloud-style clients send).
     */
    public Identity identify(String authorization) {
        if (isOpen()) {
            return new Open();
        }
        if (authorization == null || authorization.isBlank()) {
            return new Unknown("missing Authorization header (Bearer token)");
        }
        String token = Credentials.token(authorization);
        if (token == null) {
            return new Unknown("Authorization must be Bearer <token> or Basic with the token as password");
        }
        ClientState client = byDigest.get(Credentials.digest(token));
        if (client == null) {
            return new Unknown("invalid token");
        }
        return new Known(client);
    }
}
