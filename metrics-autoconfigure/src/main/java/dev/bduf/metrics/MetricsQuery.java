package dev.bduf.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A question to the metric history: which series of a meter name, over what time range,
 * at what step, which statistics, grouped how, from this instance or from every instance
 * that shares the storage. It never throws on bad values: they are reported in the
 * {@link AggregatedMetrics#error() answer}.
 *
 * @param name the meter name, as registered (for example {@code http.server.requests})
 * @param tags tags a series must have with exactly these values; empty for every series
 * @param from the start of the range (inclusive); {@code null} for one hour before
 * {@code to}
 * @param to the end of the range (exclusive); {@code null} for now
 * @param step the length of one answer point; {@code null} to pick one from the range
 * @param statistics what to compute per point: {@code value, count, sum, rate, mean,
 * min, max, stddev} or a percentile {@code pNN} (for example {@code p50, p99, p99.9});
 * empty for {@code value}
 * @param groupBy tag keys to group series by (series that lack a key form their own
 * group); empty for one answer series per stored series
 * @param scope {@link Scope#LOCAL} or {@link Scope#CLUSTER}
 */
public record MetricsQuery(String name, Map<String, String> tags, @Nullable Instant from, @Nullable Instant to,
		@Nullable Duration step, List<String> statistics, List<String> groupBy, Scope scope) {

	/**
	 * Copy the collections; {@code null} collections are empty and a {@code null} scope is
	 * local.
	 * @param name the meter name
	 * @param tags required tags
	 * @param from the start or {@code null}
	 * @param to the end or {@code null}
	 * @param step the step or {@code null}
	 * @param statistics the statistics
	 * @param groupBy the group-by keys
	 * @param scope the scope
	 */
	public MetricsQuery {
		name = (name != null) ? name : "";
		tags = (tags != null) ? copy(tags) : Map.of();
		statistics = (statistics != null) ? copy(statistics) : List.of();
		groupBy = (groupBy != null) ? copy(groupBy) : List.of();
		scope = (scope != null) ? scope : Scope.LOCAL;
	}

	/**
	 * An unmodifiable copy without null keys or values (also used by {@link StreamingConfig}).
	 */
	static Map<String, String> copy(Map<String, String> map) {
		Map<String, String> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> {
			if (key != null && value != null) {
				copy.put(key, value);
			}
		});
		return Map.copyOf(copy);
	}

	/**
	 * An unmodifiable copy without null items (also used by {@link StreamingConfig}).
	 */
	static List<String> copy(List<String> list) {
		List<String> copy = new ArrayList<>();
		for (String item : list) {
			if (item != null) {
				copy.add(item);
			}
		}
		return List.copyOf(copy);
	}

	/**
	 * The last hour of every series of a name, statistic {@code value}, this instance.
	 * @param name the meter name
	 * @return the query
	 */
	public static MetricsQuery of(String name) {
		return new MetricsQuery(name, Map.of(), null, null, null, List.of(), List.of(), Scope.LOCAL);
	}

	/**
	 * This query for another meter name.
	 * @param name the meter name
	 * @return a new query
	 */
	public MetricsQuery withName(String name) {
		return new MetricsQuery(name, this.tags, this.from, this.to, this.step, this.statistics, this.groupBy,
				this.scope);
	}

	/**
	 * This query with other required tags.
	 * @param tags the tags
	 * @return a new query
	 */
	public MetricsQuery withTags(Map<String, String> tags) {
		return new MetricsQuery(this.name, tags, this.from, this.to, this.step, this.statistics, this.groupBy,
				this.scope);
	}

	/**
	 * This query over another range.
	 * @param from the start (inclusive)
	 * @param to the end (exclusive)
	 * @return a new query
	 */
	public MetricsQuery withRange(@Nullable Instant from, @Nullable Instant to) {
		return new MetricsQuery(this.name, this.tags, from, to, this.step, this.statistics, this.groupBy, this.scope);
	}

	/**
	 * This query with another step.
	 * @param step the step
	 * @return a new query
	 */
	public MetricsQuery withStep(@Nullable Duration step) {
		return new MetricsQuery(this.name, this.tags, this.from, this.to, step, this.statistics, this.groupBy,
				this.scope);
	}

	/**
	 * This query with other statistics.
	 * @param statistics for example {@code "rate", "p99"}
	 * @return a new query
	 */
	public MetricsQuery withStatistics(String... statistics) {
		return new MetricsQuery(this.name, this.tags, this.from, this.to, this.step, List.of(statistics), this.groupBy,
				this.scope);
	}

	/**
	 * This query grouped by tag keys.
	 * @param keys the keys
	 * @return a new query
	 */
	public MetricsQuery withGroupBy(String... keys) {
		return new MetricsQuery(this.name, this.tags, this.from, this.to, this.step, this.statistics, List.of(keys),
				this.scope);
	}

	/**
	 * This query in another scope.
	 * @param scope the scope
	 * @return a new query
	 */
	public MetricsQuery withScope(Scope scope) {
		return new MetricsQuery(this.name, this.tags, this.from, this.to, this.step, this.statistics, this.groupBy,
				scope);
	}

	/**
	 * Whose history a query reads.
	 */
	public enum Scope {

		/**
		 * This instance only.
		 */
		LOCAL,

		/**
		 * Every instance that shares the storage.
		 */
		CLUSTER

	}

}
