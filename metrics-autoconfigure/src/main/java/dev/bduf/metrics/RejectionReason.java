package dev.bduf.metrics;

/**
 * Why the collector refused a recording. Each reason is counted in
 * {@link CollectorStats#rejectedByReason()}.
 */
public enum RejectionReason {

	/** The name is null, blank, or has no letter or digit. */
	INVALID_NAME,

	/** The tag map, a tag key or a tag value is null. */
	NULL_TAG,

	/**
	 * A tag key has no letter or digit or is one Prometheus reserves ({@code le},
	 * {@code quantile}), two keys fold to one label, or a tag value is not a String,
	 * Number or Boolean or is the reserved {@code _overflow_}.
	 */
	INVALID_TAG,

	/**
	 * The tag keys differ from those of the name's first series. Every series of a name
	 * has the same keys, as Prometheus requires.
	 */
	TAG_KEYS_MISMATCH,

	/** The value is NaN or infinite. */
	NOT_FINITE,

	/** The value is negative where only non-negative values make sense. */
	NEGATIVE_VALUE,

	/** The duration is negative or null. */
	INVALID_DURATION,

	/** The unit is null, or not a time unit where a time unit is needed. */
	INVALID_UNIT,

	/** The name already holds a meter of another kind. */
	KIND_CONFLICT,

	/**
	 * The name would export the same Prometheus metric as another name ({@code a.b} and
	 * {@code a_b}, or a gauge {@code jobs.max} beside a summary {@code jobs}).
	 */
	NAME_COLLISION,

	/** A decrement on a name that is a monotonic counter. */
	DECREMENT_ON_COUNTER,

	/** The number of distinct names reached {@code bduf.metrics.cardinality.max-names}. */
	TOO_MANY_NAMES,

	/** A timer handle was stopped or split after it was stopped or cancelled. */
	TIMER_NOT_RUNNING,

	/** A custom or batch entry is malformed (null, or without a type). */
	INVALID_METRIC,

	/** The meter registry threw. */
	REGISTRY_ERROR,

	/**
	 * A {@code @BusinessMetric} expression (value, tag or condition) failed, or gave no
	 * number, boolean or tag value; the business call was not affected.
	 */
	EXPRESSION_FAILED

}
