package dev.bduf.metrics.business;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.bduf.metrics.MetricUnit;

/**
 * Records a business value each time the annotated method returns: a
 * {@code DistributionSummary} named {@link #name()} whose base unit comes from
 * {@link #unit()}, tagged {@code business=true}, through
 * {@link dev.bduf.metrics.MetricsCollector#businessMetric}. Repeat the annotation to
 * record several values from one call.
 * <p>
 * {@link #value()}, {@link #condition()} and tag values starting with {@code #} are SpEL
 * expressions over these variables:
 * <ul>
 * <li>{@code #result}: the return value (for a {@code CompletionStage}, the value it
 * completes with: the metric is recorded on completion);</li>
 * <li>each argument by its name ({@code #order}; the build must compile with
 * {@code -parameters}, which Spring Boot's parent does) and by position ({@code #p0},
 * {@code #a0});</li>
 * <li>{@code #exception}: what the method threw, or {@code null}.</li>
 * </ul>
 * Expressions are parsed once per method and run in a restricted, read-only context
 * ({@code SimpleEvaluationContext.forReadOnlyDataBinding()}): properties (getters,
 * record components through their getters), map and list indexing, arithmetic, comparison,
 * logic, the ternary and Elvis operators work; type references ({@code T(...)}), bean
 * references ({@code @bean}), constructors ({@code new ...}), assignments and method calls
 * are refused when the expression is first parsed, so nothing of them ever runs.
 * <p>
 * An expression that fails, or a value that is not a number, records nothing: it is
 * counted (see {@link BusinessMetricFailures}; the collector counts it as a
 * {@code NOT_FINITE} rejection of the metric) and logged at a limited rate. The
 * business call itself is never affected: its result or exception is the same with
 * or without the annotation.
 * <p>
 * An amount of money ({@link MetricUnit#isMoney()}) may be negative: it is recorded as
 * its absolute value with the extra tag {@code direction=refund}, a positive one with
 * {@code direction=charge}.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(BusinessMetrics.class)
public @interface BusinessMetric {

	/**
	 * The metric's name, such as {@code orders.revenue}.
	 * @return the name
	 */
	String name();

	/**
	 * SpEL giving the value to record; a number. Defaults to {@code 1}, which counts
	 * calls.
	 * @return the value expression
	 */
	String value() default "1";

	/**
	 * Unit of the value.
	 * @return the unit
	 */
	MetricUnit unit() default MetricUnit.COUNT;

	/**
	 * Tags as {@code key=value}; a value starting with {@code #} is SpEL (for example
	 * {@code "region=#order.region"}). A SpEL value must be a String, Number, Boolean or
	 * enum ({@code null} reads {@code none}).
	 * @return the tags
	 */
	String[] tags() default {};

	/**
	 * SpEL deciding whether to record; it must give a boolean. Empty (the default) records
	 * when the method returns normally. A condition is evaluated when the method returns
	 * normally, and also when it throws if the condition refers to {@code #exception}
	 * (then {@code #result} is {@code null}).
	 * @return the condition
	 */
	String condition() default "";

}
