package io.tocsin.ops.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a service may listen. With tokens, anywhere. Without, only on loopback, unless the operator
 * says so explicitly (TOCSIN_ALLOW_UNAUTHENTICATED=true): an open control API on a network
 * interface is how a forged critical alert reaches PagerDuty.
 */
public final class BindRule {
    public static final String ALLOW_UNAUTHENTICATED =
            io.tocsin.core.settings.Setting.TOCSIN_ALLOW_UNAUTHENTICATED.name();

    private BindRule() {}

    /** What to say at start, or why the service must not start. */
    public sealed interface Decision {}

    public record Listen(String notice, boolean warn) implements Decision {}

    public record Refuse(String reason) implements Decision {}

    /** Pure, given whether {@code host} is a loopback address. */
    public static Decision decide(
            String service,
            String host,
            boolean loopback,
            boolean tokens,
            boolean allowUnauthenticated,
            String tokensVariable) {
        if (tokens) {
            return new Listen(service + " on " + host + " requires a token", false);
        }
        if (loopback) {
            return new Listen(
                    service + " is open (no " + tokensVariable + "): listening on loopback " + host + " only; set "
                            + tokensVariable + " to listen elsewhere",
                    true);
        }
        if (allowUnauthenticated) {
            return new Listen(
                    service + " is open to anyone who reaches " + host + ": no " + tokensVariable + " and "
                            + ALLOW_UNAUTHENTICATED + "=true",
                    true);
        }
        return new Refuse(service + " would listen on " + host + " without tokens: set " + tokensVariable
                + ", or bind a loopback address, or set " + ALLOW_UNAUTHENTICATED + "=true to run it open");
    }

    /** A literal loopback address or a name that resolves to one ("localhost"). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
