package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.PerformanceMeasurement;
import org.jspecify.annotations.Nullable;

/**
 * Records the detail of a {@link PerformanceMeasurement} (everything but its duration)
 * through the public {@link MetricsCollector} API, so every part passes the same series
 * layer (normalisation, key sets, cardinality guard, rejection counting) as any other
 * call.
 */
final class PerformanceRecording {

	/**
	 * The tag key of {@code <name>.gc.count} and {@code <name>.gc.time}: the collector's
	 * name, or {@value #ALL_COLLECTORS} when only totals are known.
	 */
	static final String GC_TAG = "gc";

	/**
	 * The {@value #GC_TAG} tag of GC totals over all collectors.
	 */
	static final String ALL_COLLECTORS = "all";

	private PerformanceRecording() {
	}

	/**
	 * Record each part a measurement holds under {@code <base>.<part>}: {@code .cpu},
	 * {@code .cpu.user} and {@code .cpu.system} (timers); {@code .allocated},
	 * {@code .memory} (non-negative heap deltas only), {@code .heap.used},
	 * {@code .heap.committed}, {@code .nonheap.used}, {@code .direct.used} (summaries in
	 * bytes); {@code .gc.count} (summary) and {@code .gc.time} (timer) tagged
	 * {@code gc=<collector>} per collector, or {@code gc=all} when the measurement holds
	 * only totals (never both, so the series of one name keep one key set); and
	 * {@code .<key>} (summary) for each custom value.
	 * @param collector where to record
	 * @param base the normalised name of the measurement's main timer
	 * @param measurement what was measured
	 * @param tags the measurement's tags, on every part
	 */
	static void record(MetricsCollector collector, String base, PerformanceMeasurement measurement,
			Map<String, ?> tags) {
		timing(collector, base + ".cpu", measurement.cpuTime(), tags);
		timing(collector, base + ".cpu.user", measurement.userCpuTime(), tags);
		timing(collector, base + ".cpu.system", measurement.systemCpuTime(), tags);
		bytes(collector, base + ".allocated", measurement.allocatedBytes(), tags);
		Long memoryDelta = measurement.memoryDeltaBytes();
		if (memoryDelta != null) {
			bytes(collector, base + ".memory", memoryDelta, tags);
		}
		bytes(collector, base + ".heap.used", measurement.heapUsedBytes(), tags);
		bytes(collector, base + ".heap.committed", measurement.heapCommittedBytes(), tags);
		bytes(collector, base + ".nonheap.used", measurement.nonHeapUsedBytes(), tags);
		bytes(collector, base + ".direct.used", measurement.directBufferBytes(), tags);
		if (measurement.gcByCollector().isEmpty()) {
			gc(collector, base, ALL_COLLECTORS, measurement.gcCount(), measurement.gcTime(), tags);
		}
		else {
			measurement.gcByCollector()
				.forEach((name, activity) -> gc(collector, base, name, activity.count(), activity.time(), tags));
		}
		measurement.custom()
			.forEach((key, value) -> collector.histogram(base + "." + key, value.doubleValue(), MetricUnit.COUNT,
					tags));
	}

	private static void timing(MetricsCollector collector, String name, @Nullable Duration duration,
			Map<String, ?> tags) {
		if (duration != null) {
			collector.timing(name, nanos(duration), TimeUnit.NANOSECONDS, tags);
		}
	}

	/**
	 * Record a byte count; a negative one means "not measured" (or, for the heap delta,
	 * memory freed) and records nothing.
	 */
	private static void bytes(MetricsCollector collector, String name, long bytes, Map<String, ?> tags) {
		if (bytes >= 0) {
			collector.histogram(name, bytes, MetricUnit.BYTES, tags);
		}
	}

	private static void gc(MetricsCollector collector, String base, String gc, long count, @Nullable Duration time,
			Map<String, ?> tags) {
		if (count < 0 && time == null) {
			return;
		}
		Map<String, Object> gcTags = new LinkedHashMap<>((tags != null) ? tags : Map.of());
		gcTags.put(GC_TAG, gc);
		if (count >= 0) {
			collector.histogram(base + ".gc.count", count, MetricUnit.COUNT, gcTags);
		}
		timing(collector, base + ".gc.time", time, gcTags);
	}

	/**
	 * A duration in nanoseconds, saturated rather than thrown on overflow; a negative
	 * duration stays negative, so the collector still rejects it.
	 */
	private static long nanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

}
