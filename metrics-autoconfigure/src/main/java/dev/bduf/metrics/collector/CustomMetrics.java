package dev.bduf.metrics.collector;

import java.util.Map;

import dev.bduf.metrics.BatchResult;
import dev.bduf.metrics.CustomMetric;
import dev.bduf.metrics.MetricBatch;
import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.RejectionReason;
import org.jspecify.annotations.Nullable;

/**
 * Metrics described as data ({@link CustomMetric}, {@link MetricBatch}) translated into
 * the collector's calls. A {@code PERFORMANCE} value is a duration recorded in a timer
 * (read in the metric's time unit, milliseconds by default), a {@code CUSTOM} value is set
 * on a gauge.
 */
final class CustomMetrics {

	private CustomMetrics() {
	}

	static BatchResult record(DefaultMetricsCollector collector, @Nullable MetricBatch batch) {
		if (batch == null) {
			collector.rejections().reject(RejectionReason.INVALID_METRIC, "A null batch was given");
			return new BatchResult(0, 1);
		}
		int accepted = 0;
		for (CustomMetric metric : batch.metrics()) {
			if (record(collector, metric)) {
				accepted++;
			}
		}
		return new BatchResult(accepted, batch.metrics().size() - accepted);
	}

	static boolean record(DefaultMetricsCollector collector, @Nullable CustomMetric metric) {
		if (metric == null || metric.type() == null) {
			collector.rejections().reject(RejectionReason.INVALID_METRIC, "Custom metric %s has no type", metric);
			return false;
		}
		String name = metric.name();
		double value = metric.value();
		// the seed's `tags || {}`: a metric described without tags has none
		Map<String, ?> tags = (metric.tags() != null) ? metric.tags() : Map.of();
		return switch (metric.type()) {
			case COUNTER -> collector.add(name, value, tags, Kind.COUNTER, false);
			case UP_DOWN_COUNTER -> (value < 0) ? collector.add(name, -value, tags, Kind.UP_DOWN, true)
					: collector.add(name, value, tags, Kind.UP_DOWN, false);
			case GAUGE -> collector.setGauge(name, value, tags);
			case HISTOGRAM -> collector.summary(name, value, metric.unit(), tags, Kind.SUMMARY);
			case BUSINESS -> collector.summary(name, value, metric.unit(), tags, Kind.BUSINESS);
			case TIMER, PERFORMANCE -> timing(collector, name, value, metric.unit(), tags);
			// a value of the application's own meaning: the last one set is what it is now
			case CUSTOM -> collector.setGauge(name, value, tags);
		};
	}

	private static boolean timing(DefaultMetricsCollector collector, String name, double value, MetricUnit unit,
			Map<String, ?> tags) {
		if (!unit.isTime()) {
			collector.rejections().reject(RejectionReason.INVALID_UNIT,
					"Timer '%s' was given the unit %s; a timer needs a time unit such as MILLISECONDS", name, unit);
			return false;
		}
		if (!collector.finite(name, value)) {
			return false;
		}
		return collector.recordNanos(name, (long) (unit.toBaseUnit(value) * 1e9), tags);
	}

}
