package io.tocsin.server.cli.startup;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Before anything starts, each port {@code up} will listen on is bound once and let go: a port
 * another process holds becomes one line naming the port, the service and the setting, instead of
 * a stack trace from deep in Kafka or Vert.x seconds later.
 */
public final class PortPreflight {
    private PortPreflight() {}

    /** One line per port that cannot be used; empty when all are free. */
    public static List<String> problems(List<Listener> listeners) {
        List<String> out = new ArrayList<>();
        Map<Integer, Listener> seen = new HashMap<>();
        for (Listener l : listeners) {
            Listener before = seen.putIfAbsent(l.port(), l);
            if (before != null) {
                out.add("tocsin: port " + l.port() + " is set for both " + before.service() + " (" + before.setting()
                        + ") and " + l.service() + " (" + l.setting() + ")");
                continue;
            }
            String problem = tryBind(l);
            if (problem != null) {
                out.add(problem);
            }
        }
        return out;
    }

    /** The first listener whose port is now held by someone else, for a bind that failed after the check. */
    public static String firstTaken(List<Listener> listeners) {
        for (Listener l : listeners) {
            String problem = tryBind(l);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String tryBind(Listener l) {
        // The services set SO_REUSEADDR too: a port in TIME_WAIT is free for them and for this check.
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(l.host(), l.port()));
            return null;
        } catch (BindException e) {
            return e.getMessage() != null && e.getMessage().contains("in use")
                    ? l.inUse()
                    : "tocsin: cannot listen on " + l.host() + ":" + l.port() + " (" + l.service() + "): "
                            + e.getMessage() + "; check " + l.setting();
        } catch (IOException e) {
            return "tocsin: cannot listen on " + l.host() + ":" + l.port() + " (" + l.service() + "): "
                    + e.getMessage();
        }
    }
}
