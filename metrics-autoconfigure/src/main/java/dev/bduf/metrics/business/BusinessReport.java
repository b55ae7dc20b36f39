package dev.bduf.metrics.business;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The business report of a period.
 * <p>
 * Until history is available, meter values are the registry's cumulative values since
 * {@code dataSince} (when the collector started), whatever the period: {@code basis}
 * says so. Distinct users come from the daily HyperLogLog sketches and do cover the
 * period's UTC days (as far as they are retained).
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
	 * @param count events (the value, for counters and gauges)
	 * @param total the sum of the values (seconds for timers; the value for counters and
	 * gauges)
	 * @param mean {@code total / count}, or {@code 0} without events
	 */
	public record MetricLine(String name, String type, @Nullable String baseUnit, Map<String, String> tags,
			double count, double total, double mean) {

		public MetricLine {
			tags = Map.copyOf(tags);
		}

	}

}
