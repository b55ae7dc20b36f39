package dev.bduf.metrics.tracking;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Per tracked name and method, what the registry holds since start.
 *
 * @param generatedAt when the report was made
 * @param trackingFailures recordings that failed and were dropped since start
 * @param methods one entry per name, class and method, most total time first
 */
public record PerformanceReport(Instant generatedAt, long trackingFailures, List<MethodPerformance> methods) {

	public PerformanceReport {
		methods = List.copyOf(methods);
	}

	/**
	 * The performance of one tracked method.
	 *
	 * @param name the meter name
	 * @param className the {@code class} tag
	 * @param method the {@code method} tag
	 * @param calls calls, sampled or not
	 * @param sampled calls that were timed
	 * @param errors timed calls that failed
	 * @param errorRate {@code errors / sampled}, 0 when nothing was timed
	 * @param meanMillis mean duration of a timed call
	 * @param maxMillis longest recent call (Micrometer's decaying max)
	 * @param p50Millis median, or {@code null} without a percentile histogram
	 * @param p95Millis 95th percentile, or {@code null} without a percentile histogram
	 * @param p99Millis 99th percentile, or {@code null} without a percentile histogram
	 * @param slowCalls calls over the method's threshold
	 * @param cpuMillisPerCall mean CPU time per call, or {@code null} when not tracked
	 * @param allocatedBytesPerCall mean bytes allocated per call, or {@code null} when not
	 * tracked
	 */
	public record MethodPerformance(String name, String className, String method, long calls, long sampled,
			long errors, double errorRate, double meanMillis, double maxMillis, @Nullable Double p50Millis,
			@Nullable Double p95Millis, @Nullable Double p99Millis, long slowCalls, @Nullable Double cpuMillisPerCall,
			@Nullable Double allocatedBytesPerCall) {

	}

}
