package dev.bduf.metrics.business;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The business report of a period.
 * <p>
 * Meter values come from the metric history over the period ({@code basis}
 * {@value BusinessReports#HISTORY_BASIS}): the period's bounds are rounded down to the
 * history's resolution there (10 s raw steps within the last hour, one minute within the
 * last day, ten minutes beyond). Without history (turned off), they are the registry's
 * cumulative values since {@code dataSince}, whatever the period, and {@code basis} is
 * {@value BusinessReports#CUMULATIVE_BASIS}. Distinct users come from the daily
 * HyperLogLog sketches and cover the period's UTC days (as far as they are retained).
 *
 * @param period the period asked for
 * @param dataSince the start of the data the values cover
 * @param basis how the values were computed ({@value BusinessReports#CUMULATIVE_BASIS})
 * @param distinctUsers estimated distinct users over the period's days
 * @param failures business metrics that could not be recorded since start
 * @param metrics every business meter: the {@code business.*} meters of the tracker and
 * the meters of {@code @BusinessMetric}, one line per series
 */
public record BusinessReport(TimePeriod period, Instant dataSince, String basis, long distinctUsers, long failures,
		List<MetricLine> metrics) {

	public BusinessReport {
		metrics = List.copyOf(metrics);
	}

	/**
	 * One series of a business meter.
	 *
	 * @param name the meter's name
	 * @param type {@code counter}, {@code gauge}, {@code summary} or {@code timer}
	 * @param baseUnit the base unit, or {@code null}
	 * @param tags the series' tags
	 * @param count events in the period (a counter's increase; a gauge's samples)
	 * @param total the sum of the values in the period (seconds for timers; a counter's
	 * increase; a gauge's last value)
	 * @param mean {@code total / count} (a gauge's mean sample), or {@code 0} without events
	 * @param rate per second over the period: of a counter's increase, of the events of a
	 * timer or summary; {@code 0} for gauges
	 * @param p50 the median event from the history's merged sketch, {@code null} without
	 * one
	 * @param p95 the 95th percentile, {@code null} without a sketch
	 * @param p99 the 99th percentile, {@code null} without a sketch
	 * @param previousTotal {@code total} over the previous period of the same length
	 * @param trend {@code (total - previousTotal) / previousTotal}, {@code null} when the
	 * previous total is zero
	 */
	public record MetricLine(String name, String type, @Nullable String baseUnit, Map<String, String> tags,
			double count, double total, double mean, double rate, @Nullable Double p50, @Nullable Double p95,
			@Nullable Double p99, double previousTotal, @Nullable Double trend) {

		/**
		 * Copy the tags.
		 */
		public MetricLine {
			tags = Map.copyOf(tags);
		}

	}

}
