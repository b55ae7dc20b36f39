package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link DefaultMetricsCollector} behaves. Auto-configuration builds it from
 * {@code bduf.metrics.*}; code that builds a collector by hand starts from
 * {@link #builder()}.
 *
 * @param defaultTags the default tags (service, version, environment, instance_id) that a
 * {@code MeterFilter} adds to every meter of the application; the collector registers its
 * meters with the same tags (a tag of the caller's own wins), so the filter leaves their
 * ids as they are, and uses their keys to judge whether two tag sets of a name have the
 * same keys
 * @param maxSeriesPerName series per name before values go to the overflow series
 * @param maxNames distinct names before new names are rejected
 * @param upDownCounters names or globs ({@code *} and {@code ?}) that are up-down
 * counters from their first increment
 * @param timerCpu whether timer handles stopped on the thread that started them record
 * {@code <name>.cpu}
 * @param timerAllocation whether they record {@code <name>.allocated}
 * @param rejectionLogInterval at most one log line per rejection reason in this interval
 * @param maxRejectionRatio rejected over attempted recordings above which the collector
 * is degraded
 * @param maxRegistryErrorRatio registry failures over attempted recordings above which
 * the collector is degraded
 * @param healthWindow the window the ratios are measured over
 * @param healthMinAttempts attempts in the window below which the ratios are not judged
 * @param consistentTagKeys whether every series of a name must have the same tag keys;
 * {@code null} to decide from the registry (required by Micrometer's Prometheus registry
 * before 1.17)
 */
public record CollectorSettings(Map<String, String> defaultTags, int maxSeriesPerName, int maxNames,
		List<String> upDownCounters, boolean timerCpu, boolean timerAllocation, Duration rejectionLogInterval,
		double maxRejectionRatio, double maxRegistryErrorRatio, Duration healthWindow, long healthMinAttempts,
		@Nullable Boolean consistentTagKeys) {

	public CollectorSettings {
		defaultTags = Collections.unmodifiableMap(new LinkedHashMap<>(defaultTags));
		upDownCounters = List.copyOf(upDownCounters);
		if (maxSeriesPerName < 1) {
			throw new IllegalArgumentException(
					"maxSeriesPerName (bduf.metrics.cardinality.max-series-per-name) must be at least 1, was "
							+ maxSeriesPerName);
		}
		if (maxNames < 1) {
			throw new IllegalArgumentException(
					"maxNames (bduf.metrics.cardinality.max-names) must be at least 1, was " + maxNames);
		}
		if (rejectionLogInterval.isNegative() || healthWindow.isNegative() || healthWindow.isZero()) {
			throw new IllegalArgumentException("rejectionLogInterval (bduf.metrics.rejection-log-interval) must not be "
					+ "negative and healthWindow (bduf.metrics.health.window) must be positive");
		}
	}

	/**
	 * Start from the defaults.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builds {@link CollectorSettings}; each default matches its {@code bduf.metrics}
	 * property.
	 */
	public static final class Builder {

		private Map<String, String> defaultTags = new LinkedHashMap<>();

		private int maxSeriesPerName = 1000;

		private int maxNames = 10_000;

		private List<String> upDownCounters = List.of();

		private boolean timerCpu;

		private boolean timerAllocation;

		private Duration rejectionLogInterval = Duration.ofMinutes(1);

		private double maxRejectionRatio = 0.05;

		private double maxRegistryErrorRatio = 0.01;

		private Duration healthWindow = Duration.ofMinutes(5);

		private long healthMinAttempts = 100;

		private @Nullable Boolean consistentTagKeys;

		private Builder() {
		}

		public Builder defaultTags(Map<String, String> defaultTags) {
			this.defaultTags = new LinkedHashMap<>(defaultTags);
			return this;
		}

		public Builder maxSeriesPerName(int maxSeriesPerName) {
			this.maxSeriesPerName = maxSeriesPerName;
			return this;
		}

		public Builder maxNames(int maxNames) {
			this.maxNames = maxNames;
			return this;
		}

		public Builder upDownCounters(List<String> upDownCounters) {
			this.upDownCounters = upDownCounters;
			return this;
		}

		public Builder timerCpu(boolean timerCpu) {
			this.timerCpu = timerCpu;
			return this;
		}

		public Builder timerAllocation(boolean timerAllocation) {
			this.timerAllocation = timerAllocation;
			return this;
		}

		public Builder rejectionLogInterval(Duration rejectionLogInterval) {
			this.rejectionLogInterval = rejectionLogInterval;
			return this;
		}

		public Builder maxRejectionRatio(double maxRejectionRatio) {
			this.maxRejectionRatio = maxRejectionRatio;
			return this;
		}

		public Builder maxRegistryErrorRatio(double maxRegistryErrorRatio) {
			this.maxRegistryErrorRatio = maxRegistryErrorRatio;
			return this;
		}

		public Builder healthWindow(Duration healthWindow) {
			this.healthWindow = healthWindow;
			return this;
		}

		public Builder healthMinAttempts(long healthMinAttempts) {
			this.healthMinAttempts = healthMinAttempts;
			return this;
		}

		public Builder consistentTagKeys(@Nullable Boolean consistentTagKeys) {
			this.consistentTagKeys = consistentTagKeys;
			return this;
		}

		public CollectorSettings build() {
			return new CollectorSettings(this.defaultTags, this.maxSeriesPerName, this.maxNames, this.upDownCounters,
					this.timerCpu, this.timerAllocation, this.rejectionLogInterval, this.maxRejectionRatio,
					this.maxRegistryErrorRatio, this.healthWindow, this.healthMinAttempts, this.consistentTagKeys);
		}

	}

}
