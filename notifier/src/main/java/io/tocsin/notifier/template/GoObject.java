package io.tocsin.notifier.template;

import java.util.List;

/**
 * A value with fields and methods as a Go struct has them: {@code .Status}, {@code .Alerts.Firing},
 * {@code .CommonLabels.Remove .GroupLabels.Names}.
 */
interface GoObject {
    /** Returned by {@link #field} for a name the type does not have. */
    Object NO_SUCH_FIELD = new Object();

    /** The field or method's result, or {@link #NO_SUCH_FIELD}; {@code args} are a method's arguments. */
    Object field(String name, List<Object> args);

    /** The Go type name, for error messages. */
    String typeName();
}
