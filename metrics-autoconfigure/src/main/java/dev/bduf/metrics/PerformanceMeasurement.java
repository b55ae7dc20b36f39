package dev.bduf.metrics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What was measured about one piece of work. Only the duration is required; the other
 * parts are recorded when present (see
 * {@link MetricsCollector#performance(String, PerformanceMeasurement)} for the meter of
 * each part).
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
 * @param userCpuTime the part of {@code cpuTime} spent in user mode, or {@code null}
 * when not measured
 * @param systemCpuTime the part of {@code cpuTime} spent in the kernel ({@code cpuTime}
 * minus {@code userCpuTime}), or {@code null} when not measured
 * @param heapUsedBytes used heap at the end of the work, or {@code -1} when not measured
 * @param heapCommittedBytes committed heap at the end of the work, or {@code -1} when not
 * measured
 * @param nonHeapUsedBytes used non-heap memory (metaspace, code cache, ...) at the end of
 * the work, or {@code -1} when not measured
 * @param directBufferBytes memory used by direct byte buffers at the end of the work, or
 * {@code -1} when not measured
 * @param gcByCollector garbage collections during the work per collector, keyed by the
 * collector's name (as {@code GarbageCollectorMXBean.getName()} gives it); empty when not
 * measured. When present, {@code gcCount} and {@code gcTime} are their totals.
 */
public record PerformanceMeasurement(Duration duration, @Nullable Duration cpuTime, long allocatedBytes,
		@Nullable Long memoryDeltaBytes, long gcCount, @Nullable Duration gcTime, Map<String, Number> custom,
		@Nullable Duration userCpuTime, @Nullable Duration systemCpuTime, long heapUsedBytes, long heapCommittedBytes,
		long nonHeapUsedBytes, long directBufferBytes, Map<String, GcActivity> gcByCollector) {

	public PerformanceMeasurement {
		if (duration == null) {
			throw new IllegalArgumentException("duration is required");
		}
		custom = (custom != null) ? Map.copyOf(custom) : Map.of();
		gcByCollector = (gcByCollector != null) ? Map.copyOf(gcByCollector) : Map.of();
	}

	/**
	 * A measurement with the parts known before the JVM details were added; those read
	 * as not measured.
	 * @param duration wall-clock time taken
	 * @param cpuTime CPU time of the measuring thread, or {@code null}
	 * @param allocatedBytes bytes allocated by the measuring thread, or {@code -1}
	 * @param memoryDeltaBytes change in used heap, or {@code null}
	 * @param gcCount garbage collections during the work, or {@code -1}
	 * @param gcTime time spent in garbage collection during the work, or {@code null}
	 * @param custom further numeric values
	 */
	public PerformanceMeasurement(Duration duration, @Nullable Duration cpuTime, long allocatedBytes,
			@Nullable Long memoryDeltaBytes, long gcCount, @Nullable Duration gcTime, Map<String, Number> custom) {
		this(duration, cpuTime, allocatedBytes, memoryDeltaBytes, gcCount, gcTime, custom, null, null, -1, -1, -1, -1,
				Map.of());
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
	 * Garbage collections of one collector during a piece of work.
	 *
	 * @param count collections, zero or more
	 * @param time time spent collecting, zero or more
	 */
	public record GcActivity(long count, Duration time) {

		public GcActivity {
			if (count < 0) {
				throw new IllegalArgumentException("count must not be negative");
			}
			if (time == null || time.isNegative()) {
				throw new IllegalArgumentException("time must be zero or more");
			}
		}

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

		private @Nullable Duration userCpuTime;

		private @Nullable Duration systemCpuTime;

		private long heapUsedBytes = -1;

		private long heapCommittedBytes = -1;

		private long nonHeapUsedBytes = -1;

		private long directBufferBytes = -1;

		private final Map<String, GcActivity> gcByCollector = new LinkedHashMap<>();

		private Builder(Duration duration) {
			this.duration = duration;
		}

		public Builder cpuTime(Duration cpuTime) {
			this.cpuTime = cpuTime;
			return this;
		}

		/**
		 * The CPU time split into user and system time.
		 * @param userCpuTime time in user mode
		 * @param systemCpuTime time in the kernel
		 * @return this builder
		 */
		public Builder cpuTime(Duration userCpuTime, Duration systemCpuTime) {
			this.userCpuTime = userCpuTime;
			this.systemCpuTime = systemCpuTime;
			return this;
		}

		public Builder userCpuTime(Duration userCpuTime) {
			this.userCpuTime = userCpuTime;
			return this;
		}

		public Builder systemCpuTime(Duration systemCpuTime) {
			this.systemCpuTime = systemCpuTime;
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

		/**
		 * Heap use at the end of the work.
		 * @param usedBytes used heap
		 * @param committedBytes committed heap
		 * @return this builder
		 */
		public Builder heap(long usedBytes, long committedBytes) {
			this.heapUsedBytes = usedBytes;
			this.heapCommittedBytes = committedBytes;
			return this;
		}

		public Builder heapUsedBytes(long heapUsedBytes) {
			this.heapUsedBytes = heapUsedBytes;
			return this;
		}

		public Builder heapCommittedBytes(long heapCommittedBytes) {
			this.heapCommittedBytes = heapCommittedBytes;
			return this;
		}

		public Builder nonHeapUsedBytes(long nonHeapUsedBytes) {
			this.nonHeapUsedBytes = nonHeapUsedBytes;
			return this;
		}

		public Builder directBufferBytes(long directBufferBytes) {
			this.directBufferBytes = directBufferBytes;
			return this;
		}

		/**
		 * The garbage collections during the work, in total.
		 * @param count collections
		 * @param time time spent collecting
		 * @return this builder
		 */
		public Builder gc(long count, Duration time) {
			this.gcCount = count;
			this.gcTime = time;
			return this;
		}

		/**
		 * The garbage collections of one collector during the work. Unless {@link #gc(long,
		 * Duration)} sets the totals, they are the sums over the collectors given here.
		 * @param collector the collector's name
		 * @param count collections, zero or more
		 * @param time time spent collecting, zero or more
		 * @return this builder
		 */
		public Builder gc(String collector, long count, Duration time) {
			this.gcByCollector.put(collector, new GcActivity(count, time));
			return this;
		}

		public Builder custom(String key, Number value) {
			this.custom.put(key, value);
			return this;
		}

		public PerformanceMeasurement build() {
			long count = this.gcCount;
			Duration time = this.gcTime;
			if (count < 0 && time == null && !this.gcByCollector.isEmpty()) {
				count = 0;
				time = Duration.ZERO;
				for (GcActivity activity : this.gcByCollector.values()) {
					count += activity.count();
					time = time.plus(activity.time());
				}
			}
			return new PerformanceMeasurement(this.duration, this.cpuTime, this.allocatedBytes, this.memoryDeltaBytes,
					count, time, this.custom, this.userCpuTime, this.systemCpuTime, this.heapUsedBytes,
					this.heapCommittedBytes, this.nonHeapUsedBytes, this.directBufferBytes, this.gcByCollector);
		}

	}

}
