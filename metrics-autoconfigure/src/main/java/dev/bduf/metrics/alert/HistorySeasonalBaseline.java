package dev.bduf.metrics.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsQuery;

/**
 * A {@link SeasonalBaseline} read from history queries, cached per rule, series and
 * ten-minute period. Called on the alerting thread only.
 */
final class HistorySeasonalBaseline implements SeasonalBaseline {

	private static final long PERIOD = Duration.ofMinutes(10).toMillis();

	private final Function<MetricsQuery, AggregatedMetrics> queries;

	private final Map<Key, double[]> cache = new HashMap<>();

	HistorySeasonalBaseline(Function<MetricsQuery, AggregatedMetrics> queries) {
		this.queries = queries;
	}

	@Override
	public double valueAt(AlertRule rule, Map<String, String> tags, Instant at) {
		long period = Math.floorDiv(at.toEpochMilli(), PERIOD);
		Key key = new Key(rule.name(), tags);
		double[] cached = this.cache.get(key);
		if (cached != null && cached[0] == period) {
			return cached[1];
		}
		double value = read(rule, tags, period);
		if (cached == null) {
			this.cache.put(key, new double[] { period, value });
		}
		else {
			cached[0] = period;
			cached[1] = value;
		}
		return value;
	}

	private double read(AlertRule rule, Map<String, String> tags, long period) {
		Instant from = Instant.ofEpochMilli(period * PERIOD);
		AggregatedMetrics answer;
		try {
			answer = this.queries.apply(new MetricsQuery(rule.metric(), tags, from, from.plusMillis(PERIOD),
					Duration.ofMillis(PERIOD), List.of(rule.statistic().label()), List.of(), MetricsQuery.Scope.LOCAL));
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
		if (answer == null || answer.error() != null) {
			return Double.NaN;
		}
		String statistic = rule.statistic().label();
		double sum = 0;
		int count = 0;
		for (AggregatedMetrics.Series series : answer.series()) {
			if (!series.tags().equals(tags) && answer.series().size() > 1) {
				continue;
			}
			for (Map<String, Double> values : series.points().values()) {
				Double value = values.get(statistic);
				if (value != null && Double.isFinite(value)) {
					sum += value;
					count++;
				}
			}
		}
		return (count > 0) ? sum / count : Double.NaN;
	}

	/**
	 * A rule and a series.
	 */
	private record Key(String rule, Map<String, String> tags) {
	}

}
