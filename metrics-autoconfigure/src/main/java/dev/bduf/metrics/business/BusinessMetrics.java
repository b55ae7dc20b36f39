package dev.bduf.metrics.business;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Container of repeated {@link BusinessMetric} annotations.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface BusinessMetrics {

	/**
	 * The repeated annotations.
	 * @return the annotations
	 */
	BusinessMetric[] value();

}
