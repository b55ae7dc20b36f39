package dev.bduf.metrics.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.bduf.metrics.AggregatedMetrics;
import dev.bduf.metrics.MetricsQuery;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MetricsStorage} that answers history queries itself instead of handing back
 * stored points: a read-through backend over a server that already keeps the metrics
 * and evaluates queries (the {@code prometheus} backend translates a query to PromQL).
 * <p>
 * The {@link dev.bduf.metrics.query.HistoryQueryEngine} checks a query (name, range,
 * statistics, step, limits) and picks its step as for every backend, then asks
 * {@link #query} instead of {@link #read}. Like every method of the SPI, {@code query}
 * never throws: a failure of the server is answered with an
 * {@link AggregatedMetrics#error() error message}.
 */
public interface QueryingStorage extends MetricsStorage {

	/**
	 * Answer a checked query.
	 * @param query the query as asked (name, tags, group-by keys, scope)
	 * @param from the first point's start, aligned to the step
	 * @param to the end of the range (exclusive)
	 * @param step the length of one point
	 * @param statistics the statistics to compute, checked and in lower case
	 * ({@code value, count, sum, rate, mean, min, max, stddev}, {@code pNN})
	 * @param instanceId the instance to read ({@link MetricsQuery.Scope#LOCAL}), or
	 * {@code null} for every instance ({@link MetricsQuery.Scope#CLUSTER})
	 * @param maxSeries the most series in the answer; more are cut and the answer marked
	 * truncated
	 * @return the answer, or an answer with an error message
	 */
	AggregatedMetrics query(MetricsQuery query, Instant from, Instant to, Duration step, List<String> statistics,
			@Nullable String instanceId, int maxSeries);

}
