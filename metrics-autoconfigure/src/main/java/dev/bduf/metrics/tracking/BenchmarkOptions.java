package dev.bduf.metrics.tracking;

/**
 * How {@link PerformanceTracker#benchmark} runs a function.
 *
 * @param warmupIterations calls made first and not measured
 * @param iterations calls measured
 */
public record BenchmarkOptions(int warmupIterations, int iterations) {

	public BenchmarkOptions {
		if (warmupIterations < 0) {
			throw new IllegalArgumentException("warmupIterations must not be negative");
		}
		if (iterations < 1) {
			throw new IllegalArgumentException("iterations must be at least 1");
		}
	}

	/**
	 * 100 warm-up and 1000 measured iterations.
	 * @return the default options
	 */
	public static BenchmarkOptions defaults() {
		return new BenchmarkOptions(100, 1000);
	}

}
