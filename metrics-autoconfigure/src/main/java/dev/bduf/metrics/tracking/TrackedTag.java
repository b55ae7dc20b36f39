package dev.bduf.metrics.tracking;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Opts a parameter of a {@link Tracked#includeArgs() includeArgs} method in: its value
 * ({@code String.valueOf}, at most 64 characters) becomes a tag. Distinct values per
 * method and key are capped ({@code bduf.metrics.tracking.max-argument-tag-values});
 * further values are recorded as {@code other}, so a parameter can never create
 * unbounded series. Use it for low-cardinality values such as a region or a plan.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TrackedTag {

	/**
	 * The tag key; empty means the parameter's name.
	 * @return the tag key
	 */
	String value() default "";

}
