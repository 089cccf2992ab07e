package io.tocsin.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Named readiness checks of one service (Kafka reachable, Streams RUNNING, ...). Liveness is
 * simply that the process answers; readiness is that every check is up.
 */
public final class Health {

    /** One check's answer; {@code detail} says why when it is down. */
    public record Check(boolean up, String detail) {
        public static Check up(String detail) {
            return new Check(true, detail);
        }

        public static Check down(String detail) {
            return new Check(false, detail);
        }
    }

    private final Map<String, Supplier<Check>> checks = new ConcurrentHashMap<>();

    public Health register(String name, Supplier<Check> check) {
        checks.put(name, check);
        return this;
    }

    public Map<String, Check> evaluate() {
        Map<String, Check> out = new LinkedHashMap<>();
        checks.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put(e.getKey(), safely(e.getValue())));
        return out;
    }

    public boolean ready() {
        return evaluate().values().stream().allMatch(Check::up);
    }

    private static Check safely(Supplier<Check> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return Check.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
