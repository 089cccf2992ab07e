package io.tocsin.tests;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An end-to-end class whose assertions time the pipeline (latency against a bound, or judging that
 * depends on how far input has arrived): {@link ForkLock} runs it with no other class beside it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface RunsAlone {}
