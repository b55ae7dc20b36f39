package dev.bduf.metrics;

/**
 * Outcome of {@link MetricsCollector#batch(MetricBatch)}.
 *
 * @param accepted entries recorded
 * @param rejected entries rejected (each counted by reason in the collector stats)
 */
public record BatchResult(int accepted, int rejected) {

	public BatchResult {
		if (accepted < 0 || rejected < 0) {
			throw new IllegalArgumentException("counts must not be negative");
		}
	}

}
