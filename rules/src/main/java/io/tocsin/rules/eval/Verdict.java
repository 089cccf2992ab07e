package io.tocsin.rules.eval;

import io.tocsin.rules.model.Condition;
import io.tocsin.rules.model.MissingData;
import java.util.OptionalDouble;

/**
 * Whether a group counts as breaching now. An inactive group starts on {@code condition}; an
 * active one (pending or firing) ends only when {@code resolve} holds, if the rule has one, so a
 * value hovering around the threshold does not flap. No data is decided by the missing-data policy.
 */
public final class Verdict {
    private Verdict() {}

    public static boolean holds(
            Phase phase, OptionalDouble value, Condition condition, Condition resolve, MissingData missing) {
        boolean active = phase != Phase.INACTIVE;
        if (value.isEmpty()) {
            return switch (missing) {
                case RESOLVE -> false;
                case KEEP -> active;
                case ALERT -> true;
            };
        }
        double v = value.getAsDouble();
        if (!active || resolve == null) {
            return condition.test(v);
        }
        return !resolve.test(v);
    }
}
