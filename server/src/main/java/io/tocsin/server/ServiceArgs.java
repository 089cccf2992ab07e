package io.tocsin.server;

import java.util.HashMap;
import java.util.Map;

/** {@code <command> --name value ...}: the command line of {@link ServiceMain}. */
record ServiceArgs(String command, Map<String, String> options) {

    ServiceArgs {
        options = Map.copyOf(options);
    }

    static ServiceArgs parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ServiceMain ingest|rules|notifier --name value ...");
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected '--name value' pairs, got '" + args[i] + "'");
            }
            options.put(args[i], args[i + 1]);
        }
        return new ServiceArgs(args[0], options);
    }

    String required(String name) {
        String v = options.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    int integer(String name, int fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + v + "'");
        }
    }
}
