package dev.bduf.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a {@link MetricsQuery}.
 *
 * @param name the meter name asked for
 * @param from the start of the range answered (inclusive), aligned to the step
 * @param to the end of the range answered (exclusive)
 * @param step the length of one point
 * @param rollup the stored resolution the answer was computed from: {@code raw},
 * {@code 1m} or {@code 10m}
 * @param statistics the statistics of each point
 * @param series one entry per series or group
 * @param truncated whether series or points were left out to keep within the limits
 * @param error what was wrong with the query, {@code null} when it was answered
 * @param note what the answer covers that the query may not expect, for example that a
 * cluster-scope query was answered from one instance's storage; {@code null} if nothing
 */
public record AggregatedMetrics(String name, @Nullable Instant from, @Nullable Instant to, @Nullable Duration step,
		@Nullable String rollup, List<String> statistics, List<Series> series, boolean truncated,
		@Nullable String error, @Nullable String note) {

	/**
	 * Copy the lists.
	 * @param name the name
	 * @param from the start or {@code null}
	 * @param to the end or {@code null}
	 * @param step the step or {@code null}
	 * @param rollup the rollup or {@code null}
	 * @param statistics the statistics
	 * @param series the series
	 * @param truncated whether truncated
	 * @param error the error or {@code null}
	 * @param note the note or {@code null}
	 */
	public AggregatedMetrics {
		Objects.requireNonNull(name, "name");
		statistics = List.copyOf(statistics);
		series = List.copyOf(series);
	}

	/**
	 * An answer without a note.
	 * @param name the name
	 * @param from the start or {@code null}
	 * @param to the end or {@code null}
	 * @param step the step or {@code null}
	 * @param rollup the rollup or {@code null}
	 * @param statistics the statistics
	 * @param series the series
	 * @param truncated whether truncated
	 * @param error the error or {@code null}
	 */
	public AggregatedMetrics(String name, @Nullable Instant from, @Nullable Instant to, @Nullable Duration step,
			@Nullable String rollup, List<String> statistics, List<Series> series, boolean truncated,
			@Nullable String error) {
		this(name, from, to, step, rollup, statistics, series, truncated, error, null);
	}

	/**
	 * An answer that reports a bad query.
	 * @param name the name asked for
	 * @param error what was wrong
	 * @return the answer
	 */
	public static AggregatedMetrics error(String name, String error) {
		return new AggregatedMetrics(name, null, null, null, null, List.of(), List.of(), false, error);
	}

	/**
	 * Whether the query was answered.
	 * @return {@code true} when there is no error
	 */
	public boolean ok() {
		return this.error == null;
	}

	/**
	 * One series (or group) of an answer.
	 *
	 * @param tags the series' tags, or the group's values of the group-by keys (a key the
	 * group's series lack is absent)
	 * @param points per point start, the statistics that are known (a statistic that does
	 * not apply, or has no data, is absent)
	 */
	public record Series(Map<String, String> tags, SortedMap<Instant, Map<String, Double>> points) {

		/**
		 * Copy.
		 * @param tags the tags
		 * @param points the points
		 */
		public Series {
			tags = Collections.unmodifiableMap(new TreeMap<>(tags));
			TreeMap<Instant, Map<String, Double>> copy = new TreeMap<>();
			points.forEach((time, values) -> copy.put(time, Collections.unmodifiableMap(new LinkedHashMap<>(values))));
			points = Collections.unmodifiableSortedMap(copy);
		}

		/**
		 * One statistic at one point.
		 * @param time the point's start
		 * @param statistic the statistic
		 * @return the value, or {@code null} if not known
		 */
		public @Nullable Double value(Instant time, String statistic) {
			Map<String, Double> values = this.points.get(time);
			return (values != null) ? values.get(statistic) : null;
		}

	}

}
