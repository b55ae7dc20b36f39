package dev.bduf.metrics.tracking;

import java.time.Duration;

/**
 * Application-wide settings of tracking, usually bound from
 * {@code bduf.metrics.tracking.*}.
 *
 * @param slowCallLogInterval at most one slow-call warning per tracked method in this
 * interval
 * @param logArguments whether slow-call warnings include argument values
 * @param maxArgumentTagValues distinct values per {@link TrackedTag} parameter before
 * further values are recorded as {@code other}
 * @param percentileHistogram whether tracked timers publish a percentile histogram, which
 * gives the performance report (and Prometheus) its percentiles
 */
public record TrackingSettings(Duration slowCallLogInterval, boolean logArguments, int maxArgumentTagValues,
		boolean percentileHistogram) {

	private static final TrackingSettings DEFAULTS = new TrackingSettings(Duration.ofMinutes(1), false, 20, false);

	public TrackingSettings {
		if (slowCallLogInterval.isNegative()) {
			throw new IllegalArgumentException("slowCallLogInterval must not be negative");
		}
		if (maxArgumentTagValues < 1) {
			throw new IllegalArgumentException("maxArgumentTagValues must be at least 1");
		}
	}

	/**
	 * The defaults: one slow-call warning per method and minute, no argument values in
	 * logs, 20 values per tag parameter, no percentile histogram.
	 * @return the default settings
	 */
	public static TrackingSettings defaults() {
		return DEFAULTS;
	}

}
