package dev.bduf.metrics.alert;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsQuery;

/**
 * What a series' statistic was one season ago, for anomaly rules with a
 * {@link AlertRule#seasonality() seasonality}: with one, the detector scores the
 * difference between the value and the same time of the last three seasons (their median,
 * so that a one-off spike does not echo a season later; the mean of two, or the one,
 * while history has fewer), with a detector of its own: a daily peak that comes every day
 * is not an anomaly, while the same peak at night is. Where the history has no value for
 * those times (a young application, a retention shorter than the season), the plain
 * detector of the series scores the value instead.
 */
@FunctionalInterface
public interface SeasonalBaseline {

	/**
	 * The rule's statistic of one series around an earlier time.
	 * @param rule the rule
	 * @param tags the series' tags
	 * @param at the time one season before the step being evaluated
	 * @return the value, {@code NaN} when the history does not have it
	 */
	double valueAt(AlertRule rule, Map<String, String> tags, Instant at);

	/**
	 * No history: every seasonal rule falls back to its plain detector.
	 * @return a baseline that knows nothing
	 */
	static SeasonalBaseline none() {
		return (rule, tags, at) -> Double.NaN;
	}

	/**
	 * A baseline read from the metric history (for example
	 * {@code MetricsCollector::getAggregatedMetrics}): the mean of the rule's statistic
	 * over the ten minutes around the time one season ago, read once per series and ten
	 * minutes, so a day's season reads ten-minute rollups.
	 * @param queries what answers history queries
	 * @return the baseline
	 */
	static SeasonalBaseline fromHistory(Function<MetricsQuery, AggregatedMetrics> queries) {
		return new HistorySeasonalBaseline(queries);
	}

}
