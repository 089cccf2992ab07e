package io.tocsin.tests;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * An end-to-end class whose assertions time the pipeline (latency against a bound, or judging that
 * depends on how far input has arrived). Failsafe runs these first, one at a time, before the other
 * classes run two at a time (tests/pom.xml), so their timing never shares the two cores with another
 * broker.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@Tag(RunsAlone.TAG)
public @interface RunsAlone {
    /** The tag failsafe's executions select on. */
    String TAG = "runs-alone";
}
