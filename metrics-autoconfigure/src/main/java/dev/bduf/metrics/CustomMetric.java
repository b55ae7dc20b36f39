package dev.bduf.metrics;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A metric described as data, for {@link MetricsCollector#custom(CustomMetric)} and
 * {@link MetricBatch}.
 *
 * @param name the metric's name
 * @param type what kind of meter records it
 * @param value the value: an amount for counters, the value for gauges and
 * distributions, a duration in {@code unit} for timers and performance values
 * @param unit the value's unit ({@link MetricUnit#COUNT} when not given, milliseconds for
 * {@link MetricType#TIMER} and {@link MetricType#PERFORMANCE})
 * @param tags tag keys and values
 */
public record CustomMetric(String name, MetricType type, double value, MetricUnit unit, Map<String, ?> tags) {

	public CustomMetric(String name, MetricType type, double value, @Nullable MetricUnit unit, Map<String, ?> tags) {
		this.name = name;
		this.type = type;
		this.value = value;
		this.unit = (unit != null) ? unit : defaultUnit(type);
		this.tags = tags;
	}

	private static MetricUnit defaultUnit(@Nullable MetricType type) {
		return (type == MetricType.TIMER || type == MetricType.PERFORMANCE) ? MetricUnit.MILLISECONDS
				: MetricUnit.COUNT;
	}

	/**
	 * A metric without tags in its type's default unit (milliseconds for timers and
	 * performance values).
	 * @param name the metric's name
	 * @param type what kind of meter records it
	 * @param value the value
	 * @return the metric
	 */
	public static CustomMetric of(String name, MetricType type, double value) {
		return new CustomMetric(name, type, value, null, Map.of());
	}

}
