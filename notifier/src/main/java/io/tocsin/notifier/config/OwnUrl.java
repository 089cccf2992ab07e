package io.tocsin.notifier.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The notifier's own URL, {@code http://HOST:PORT}: the default externalURL, as Alertmanager's
 * default is its own listen address. A wildcard listen address (0.0.0.0, ::) is not an address
 * anyone can follow, so the machine's name stands in for it, as Alertmanager does.
 */
public final class OwnUrl {
    private OwnUrl() {}

    public static String of(String host, int port) {
        return "http://" + hostPart(reachable(host)) + ":" + port;
    }

    static String reachable(String host) {
        if (!isWildcard(host)) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    static boolean isWildcard(String host) {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** An IPv6 literal goes in brackets in a URL. */
    static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
