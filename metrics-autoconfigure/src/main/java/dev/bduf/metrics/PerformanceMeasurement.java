package dev.bduf.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What was measured about one piece of work. Only the duration is required; the other
 * parts are recorded when present.
 *
 * @param duration wall-clock time taken
 * @param cpuTime CPU time of the measuring thread, or {@code null} when not measured
 * @param allocatedBytes bytes allocated by the measuring thread, or {@code -1} when not
 * measured
 * @param memoryDeltaBytes change in used heap, or {@code null} when not measured (may be
 * negative when a collection ran; only non-negative deltas are recorded)
 * @param gcCount garbage collections during the work, or {@code -1} when not measured
 * @param gcTime time spent in garbage collection during the work, or {@code null}
 * @param custom further numeric values, recorded as {@code <name>.<key>}
 */
public record PerformanceMeasurement(Duration duration, @Nullable Duration cpuTime, long allocatedBytes,
		@Nullable Long memoryDeltaBytes, long gcCount, @Nullable Duration gcTime, Map<String, Number> custom) {

	public PerformanceMeasurement {
		if (duration == null) {
			throw new IllegalArgumentException("duration is required");
		}
		custom = (custom != null) ? Map.copyOf(custom) : Map.of();
	}

	/**
	 * A measurement of a duration only.
	 * @param duration wall-clock time taken
	 * @return the measurement
	 */
	public static PerformanceMeasurement of(Duration duration) {
		return builder(duration).build();
	}

	/**
	 * Start building a measurement.
	 * @param duration wall-clock time taken
	 * @return a builder
	 */
	public static Builder builder(Duration duration) {
		return new Builder(duration);
	}

	/**
	 * Builds a {@link PerformanceMeasurement}.
	 */
	public static final class Builder {

		private final Duration duration;

		private @Nullable Duration cpuTime;

		private long allocatedBytes = -1;

		private @Nullable Long memoryDeltaBytes;

		private long gcCount = -1;

		private @Nullable Duration gcTime;

		private final Map<String, Number> custom = new LinkedHashMap<>();

		private Builder(Duration duration) {
			this.duration = duration;
		}

		public Builder cpuTime(Duration cpuTime) {
			this.cpuTime = cpuTime;
			return this;
		}

		public Builder allocatedBytes(long allocatedBytes) {
			this.allocatedBytes = allocatedBytes;
			return this;
		}

		public Builder memoryDeltaBytes(long memoryDeltaBytes) {
			this.memoryDeltaBytes = memoryDeltaBytes;
			return this;
		}

		public Builder gc(long count, Duration time) {
			this.gcCount = count;
			this.gcTime = time;
			return this;
		}

		public Builder custom(String key, Number value) {
			this.custom.put(key, value);
			return this;
		}

		public PerformanceMeasurement build() {
			return new PerformanceMeasurement(this.duration, this.cpuTime, this.allocatedBytes, this.memoryDeltaBytes,
					this.gcCount, this.gcTime, this.custom);
		}

	}

}
