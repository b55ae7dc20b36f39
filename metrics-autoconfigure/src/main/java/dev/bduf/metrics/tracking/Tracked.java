package dev.bduf.metrics.tracking;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Track calls of a method, or of every public method of a type, with a Micrometer
 * {@code Timer} named {@link #value()} (default {@code method.tracked}) tagged
 * {@code class}, {@code method}, {@code exception} ({@code none} or the simple class name
 * of what was thrown) and {@code outcome} ({@code success} or {@code error}), plus the
 * {@link #extraTags()}.
 * <p>
 * A method-level annotation wins over a type-level one. The annotation is also found on
 * an interface method (or interface) the bean implements, and as a meta-annotation: a
 * user's own {@code @Audited} annotated with {@code @Tracked} works, and may redeclare
 * attributes with {@code @AliasFor(annotation = Tracked.class)}.
 * <p>
 * A {@code CompletionStage} result is timed to its completion; with Reactor on the
 * classpath, a {@code Mono} or {@code Flux} is timed from subscription to termination.
 * CPU time and allocation are measured for synchronous calls only (the calling thread's
 * work).
 * <p>
 * Through Spring AOP proxies, only calls that go through the proxy are tracked: a call
 * from the bean to itself ({@code this.other()}), and final or private methods, are not.
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Tracked {

	/**
	 * The default meter name.
	 */
	String DEFAULT_NAME = "method.tracked";

	/**
	 * Name of the timer; {@code <name>.cpu}, {@code <name>.allocated}, {@code <name>.slow},
	 * {@code <name>.unsampled} and {@code <name>.result.size} derive from it.
	 * @return the meter name
	 */
	String value() default DEFAULT_NAME;

	/**
	 * Further tags, as {@code "key=value"} pairs.
	 * @return the extra tags
	 */
	String[] extraTags() default {};

	/**
	 * Fraction of calls that are timed, from 0 to 1. The timer then counts sampled calls
	 * only; the counter {@code <name>.unsampled} counts the others, so the timer's count
	 * plus the unsampled count is the exact number of calls.
	 * @return the sample rate
	 */
	double sampleRate() default 1.0;

	/**
	 * A call slower than this (a duration such as {@code "250ms"} or {@code "PT1S"})
	 * increments {@code <name>.slow}, logs a rate-limited warning and publishes a
	 * {@link SlowCallEvent}. Empty means no threshold.
	 * @return the slow-call threshold
	 */
	String threshold() default "";

	/**
	 * Whether to record the CPU time of the calling thread to {@code <name>.cpu}.
	 * @return whether CPU time is tracked
	 */
	boolean trackCpu() default false;

	/**
	 * Whether to record the bytes allocated by the calling thread to
	 * {@code <name>.allocated}.
	 * @return whether allocation is tracked
	 */
	boolean trackMemory() default false;

	/**
	 * Whether the values of parameters annotated with {@link TrackedTag} become tags
	 * (their distinct values are capped, further values become {@code other}). Other
	 * argument values are never recorded.
	 * @return whether opted-in arguments are tags
	 */
	boolean includeArgs() default false;

	/**
	 * Whether to record the size of the result (collection or map size, array or string
	 * length) to the distribution summary {@code <name>.result.size}.
	 * @return whether result sizes are recorded
	 */
	boolean includeResult() default false;

}
