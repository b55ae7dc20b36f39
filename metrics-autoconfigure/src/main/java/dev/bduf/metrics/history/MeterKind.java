package dev.bduf.metrics.history;

/**
 * What a {@link SeriesPoint} was taken from, which decides what its values mean.
 */
public enum MeterKind {

	/**
	 * A monotonic counter (Micrometer {@code Counter} or {@code FunctionCounter}): the
	 * point holds the increase over its step.
	 */
	COUNTER,

	/**
	 * A gauge (Micrometer {@code Gauge}, {@code TimeGauge}, or an up-down counter): the
	 * point holds samples.
	 */
	GAUGE,

	/**
	 * A timer (Micrometer {@code Timer} or {@code FunctionTimer}): events, total time in
	 * seconds and, when the meter publishes a histogram, a quantile sketch.
	 */
	TIMER,

	/**
	 * A distribution summary: events, total amount and, when the meter publishes a
	 * histogram, a quantile sketch.
	 */
	SUMMARY,

	/**
	 * A long task timer: samples of the active tasks ({@code count}) and their total
	 * duration in seconds ({@code last}).
	 */
	LONG_TASK_TIMER,

	/**
	 * Any other meter: samples of its first measurement.
	 */
	OTHER;

	/**
	 * Whether points of this kind hold events over a step (counters, timers and
	 * summaries), whose values add up across steps, rather than samples.
	 * @return {@code true} for counters, timers and summaries
	 */
	public boolean isCumulative() {
		return this == COUNTER || this == TIMER || this == SUMMARY;
	}

}
