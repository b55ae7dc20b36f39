package dev.bduf.metrics.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * Marks a test that CI's extra lines skip: browser tests and long load tests, which the
 * main line (Java 17, Spring Boot 4.0) and the Boot 4.1 line already run. {@code .ci/run}
 * sets the environment variable {@value #VARIABLE}{@code =true} for its extra line (the
 * same suite on Java 25), which keeps CI's total time down; everywhere else the test runs.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@DisabledIfEnvironmentVariable(named = NotOnExtraLine.VARIABLE, matches = "true",
		disabledReason = "a browser or long load test, run on CI's main lines only (" + NotOnExtraLine.VARIABLE
				+ "=true)")
public @interface NotOnExtraLine {

	/** The environment variable that marks a CI extra line. */
	String VARIABLE = "BDUF_EXTRA_LINE";

}
