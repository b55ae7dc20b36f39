package dev.bduf.metrics;

/**
 * Kind of a metric, as named in a {@link CustomMetric} or a {@link MetricBatch} entry.
 */
public enum MetricType {

	/** A monotonic counter: only goes up. */
	COUNTER,

	/** A counter that goes up and down, exported as a gauge. */
	UP_DOWN_COUNTER,

	/** The last value set. */
	GAUGE,

	/** A distribution of values (a Micrometer {@code DistributionSummary}). */
	HISTOGRAM,

	/** A distribution of durations (a Micrometer {@code Timer}); the value is read in the metric's time unit. */
	TIMER,

	/** A business value: a distribution tagged {@code business=true}. */
	BUSINESS,

	/**
	 * A measured duration of a piece of work, recorded as a {@code Timer}; the value is read
	 * in the metric's time unit, milliseconds when none is given.
	 */
	PERFORMANCE,

	/**
	 * A value of the application's own meaning, recorded as a gauge (the last value set).
	 */
	CUSTOM

}
