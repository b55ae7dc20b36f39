package dev.bduf.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Metrics recorded together by {@link MetricsCollector#batch(MetricBatch)}.
 *
 * @param metrics the entries, in order
 */
public record MetricBatch(List<CustomMetric> metrics) {

	public MetricBatch {
		metrics = (metrics != null) ? new ArrayList<>(metrics) : List.of();
		metrics = java.util.Collections.unmodifiableList(metrics);
	}

	/**
	 * Start building a batch.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builds a {@link MetricBatch}.
	 */
	public static final class Builder {

		private final List<CustomMetric> metrics = new ArrayList<>();

		private Builder() {
		}

		public Builder increment(String name, double value, Map<String, ?> tags) {
			return add(new CustomMetric(name, MetricType.COUNTER, value, MetricUnit.COUNT, tags));
		}

		public Builder gauge(String name, double value, Map<String, ?> tags) {
			return add(new CustomMetric(name, MetricType.GAUGE, value, MetricUnit.COUNT, tags));
		}

		public Builder histogram(String name, double value, MetricUnit unit, Map<String, ?> tags) {
			return add(new CustomMetric(name, MetricType.HISTOGRAM, value, unit, tags));
		}

		public Builder timing(String name, double value, MetricUnit unit, Map<String, ?> tags) {
			return add(new CustomMetric(name, MetricType.TIMER, value, unit, tags));
		}

		public Builder businessMetric(String name, double value, MetricUnit unit, Map<String, ?> tags) {
			return add(new CustomMetric(name, MetricType.BUSINESS, value, unit, tags));
		}

		public Builder add(CustomMetric metric) {
			this.metrics.add(metric);
			return this;
		}

		public MetricBatch build() {
			return new MetricBatch(this.metrics);
		}

	}

}
