package dev.bduf.metrics.tracking;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

/**
 * How {@link PerformanceTracker#profile} records.
 *
 * @param duration how long to record, when profiling for a duration (capped by the
 * application's maximum)
 * @param samplingPeriod interval between execution samples of each running thread
 * @param maxSize the most the recording may hold (capped by the application's maximum)
 * @param top how many hot methods, allocation sites and GC pauses to return
 */
public record ProfilingOptions(Duration duration, Duration samplingPeriod, DataSize maxSize, int top) {

	public ProfilingOptions {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("duration must be positive");
		}
		if (samplingPeriod.toMillis() < 1) {
			throw new IllegalArgumentException("samplingPeriod must be at least 1ms");
		}
		if (maxSize.toBytes() < 1) {
			throw new IllegalArgumentException("maxSize must be positive");
		}
		if (top < 1) {
			throw new IllegalArgumentException("top must be at least 1");
		}
	}

	/**
	 * 10 seconds, a sample every 10 ms, at most 16 MB, the top 10 of each.
	 * @return the default options
	 */
	public static ProfilingOptions defaults() {
		return new ProfilingOptions(Duration.ofSeconds(10), Duration.ofMillis(10), DataSize.ofMegabytes(16), 10);
	}

	/**
	 * These options with another duration.
	 * @param duration how long to record
	 * @return new options
	 */
	public ProfilingOptions withDuration(Duration duration) {
		return new ProfilingOptions(duration, this.samplingPeriod, this.maxSize, this.top);
	}

}
