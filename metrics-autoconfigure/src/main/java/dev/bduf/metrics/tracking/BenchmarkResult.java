package dev.bduf.metrics.tracking;

import java.time.Duration;

/**
 * What {@link PerformanceTracker#benchmark} measured. Percentiles are nearest-rank over
 * the measured iterations.
 *
 * @param name the benchmark's name
 * @param warmupIterations calls made first and not measured
 * @param iterations calls measured
 * @param mean mean duration of a call
 * @param p50 median duration
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param min shortest call
 * @param max longest call
 * @param standardDeviation standard deviation of the durations
 * @param operationsPerSecond calls per second over the measured time, 0 when no time was
 * measured
 */
public record BenchmarkResult(String name, int warmupIterations, int iterations, Duration mean, Duration p50,
		Duration p95, Duration p99, Duration min, Duration max, Duration standardDeviation,
		double operationsPerSecond) {

}
