package dev.bduf.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The facade an application records metrics through. Every method is safe to call from
 * any thread, takes no lock once a series exists, and never throws: bad input (a blank
 * name, a null tag, a NaN or infinite value, a negative duration, a kind conflict) is
 * rejected, counted by {@link RejectionReason} in {@link #getCollectorStats()} and
 * logged at a limited rate.
 * <p>
 * Names and tag keys are normalised once and cached: lower case, characters outside
 * {@code [a-z0-9._-]} become {@code _}, runs of {@code _} are folded. Tag values are
 * {@link String}, {@link Number} or {@link Boolean}. Every meter of the application
 * (these included) carries the default tags {@code service}, {@code version},
 * {@code environment} and {@code instance_id}, added by a {@code MeterFilter}.
 * <p>
 * The first call for a name fixes its kind: {@code increment} makes a monotonic counter,
 * {@code decrement} (or a name declared in {@code bduf.metrics.up-down-counters}) an
 * up-down counter exported as a gauge, {@code gauge} a gauge, {@code histogram} and
 * {@code businessMetric} a distribution summary, {@code timing} and {@code timer} a
 * timer. A later call of another kind on the same name is rejected.
 */
public interface MetricsCollector {

	/**
	 * Add one to a counter.
	 * @param name the counter's name
	 */
	default void increment(String name) {
		increment(name, 1, Map.of());
	}

	/**
	 * Add to a counter.
	 * @param name the counter's name
	 * @param value a finite, non-negative amount
	 */
	default void increment(String name, double value) {
		increment(name, value, Map.of());
	}

	/**
	 * Add to the counter series identified by a name and tags.
	 * @param name the counter's name
	 * @param value a finite, non-negative amount
	 * @param tags tag keys and values (String, Number or Boolean)
	 */
	void increment(String name, double value, Map<String, ?> tags);

	/**
	 * Subtract one from an up-down counter.
	 * @param name the counter's name
	 */
	default void decrement(String name) {
		decrement(name, 1, Map.of());
	}

	/**
	 * Subtract from an up-down counter.
	 * @param name the counter's name
	 * @param value a finite, non-negative amount
	 */
	default void decrement(String name, double value) {
		decrement(name, value, Map.of());
	}

	/**
	 * Subtract from an up-down counter series. A name whose first call was
	 * {@code increment} is a monotonic counter, and a decrement on it is rejected:
	 * declare the name in {@code bduf.metrics.up-down-counters} to count both ways.
	 * @param name the counter's name
	 * @param value a finite, non-negative amount
	 * @param tags tag keys and values
	 */
	void decrement(String name, double value, Map<String, ?> tags);

	/**
	 * Set a gauge; it keeps the value until the next call.
	 * @param name the gauge's name
	 * @param value a finite value
	 */
	default void gauge(String name, double value) {
		gauge(name, value, Map.of());
	}

	/**
	 * Set a gauge series; it keeps the value until the next call.
	 * @param name the gauge's name
	 * @param value a finite value
	 * @param tags tag keys and values
	 */
	void gauge(String name, double value, Map<String, ?> tags);

	/**
	 * Record a value in a distribution summary.
	 * @param name the summary's name
	 * @param value a finite, non-negative value
	 */
	default void histogram(String name, double value) {
		histogram(name, value, MetricUnit.COUNT, Map.of());
	}

	/**
	 * Record a value in a distribution summary series.
	 * @param name the summary's name
	 * @param value a finite, non-negative value
	 * @param tags tag keys and values
	 */
	default void histogram(String name, double value, Map<String, ?> tags) {
		histogram(name, value, MetricUnit.COUNT, tags);
	}

	/**
	 * Record a value in a distribution summary series, scaled to the unit's base unit.
	 * @param name the summary's name
	 * @param value a finite, non-negative value in {@code unit}
	 * @param unit the value's unit
	 * @param tags tag keys and values
	 */
	void histogram(String name, double value, MetricUnit unit, Map<String, ?> tags);

	/**
	 * Start a timer; nothing is recorded until {@link TimerHandle#stop()}.
	 * @param name the timer's name
	 * @return a handle to stop, split or cancel
	 */
	default TimerHandle timer(String name) {
		return timer(name, Map.of());
	}

	/**
	 * Start a timer for a series; nothing is recorded until {@link TimerHandle#stop()}.
	 * @param name the timer's name
	 * @param tags tag keys and values
	 * @return a handle to stop, split or cancel
	 */
	TimerHandle timer(String name, Map<String, ?> tags);

	/**
	 * Record a duration measured elsewhere.
	 * @param name the timer's name
	 * @param duration a non-negative duration
	 */
	default void timing(String name, Duration duration) {
		timing(name, duration, Map.of());
	}

	/**
	 * Record a duration measured elsewhere in a timer series.
	 * @param name the timer's name
	 * @param duration a non-negative duration
	 * @param tags tag keys and values
	 */
	void timing(String name, Duration duration, Map<String, ?> tags);

	/**
	 * Record a duration measured elsewhere in a timer series, without allocating.
	 * @param name the timer's name
	 * @param amount a non-negative amount of {@code unit}
	 * @param unit the amount's unit
	 * @param tags tag keys and values
	 */
	void timing(String name, long amount, TimeUnit unit, Map<String, ?> tags);

	/**
	 * Record a business value: a distribution summary tagged {@code business=true} whose
	 * base unit comes from {@code unit}.
	 * @param name the business metric's name
	 * @param value a finite, non-negative value in {@code unit}
	 * @param unit the value's unit
	 */
	default void businessMetric(String name, double value, MetricUnit unit) {
		businessMetric(name, value, unit, Map.of());
	}

	/**
	 * Record a business value: a distribution summary tagged {@code business=true} whose
	 * base unit comes from {@code unit}.
	 * @param name the business metric's name
	 * @param value a finite, non-negative value in {@code unit}
	 * @param unit the value's unit
	 * @param tags tag keys and values
	 */
	void businessMetric(String name, double value, MetricUnit unit, Map<String, ?> tags);

	/**
	 * Record a measurement of a piece of work: its duration to the timer {@code name},
	 * and each other part it holds under the normalised name, with the same tags:
	 * <ul>
	 * <li>timers {@code <name>.cpu} (CPU time), {@code <name>.cpu.user} and
	 * {@code <name>.cpu.system} (its user and kernel parts);</li>
	 * <li>distribution summaries in bytes {@code <name>.allocated} (allocated by the
	 * thread), {@code <name>.memory} (heap growth; a negative change is not recorded),
	 * {@code <name>.heap.used}, {@code <name>.heap.committed},
	 * {@code <name>.nonheap.used} and {@code <name>.direct.used} (at the end of the
	 * work);</li>
	 * <li>{@code <name>.gc.count} (summary) and {@code <name>.gc.time} (timer) with the
	 * extra tag {@code gc}: one series per collector, tagged with the collector's name,
	 * when the measurement holds {@link PerformanceMeasurement#gcByCollector()}, else one
	 * series of the totals tagged {@code gc=all} (never both for one measurement; a
	 * {@code gc} tag of the caller's is replaced);</li>
	 * <li>a summary {@code <name>.<key>} for each numeric custom value.</li>
	 * </ul>
	 * Parts the measurement does not hold are not recorded, and when the duration is
	 * rejected nothing is.
	 * @param name the measurement's name
	 * @param measurement what was measured
	 */
	default void performance(String name, PerformanceMeasurement measurement) {
		performance(name, measurement, Map.of());
	}

	/**
	 * Record a measurement of a piece of work with tags; see
	 * {@link #performance(String, PerformanceMeasurement)}.
	 * @param name the measurement's name
	 * @param measurement what was measured
	 * @param tags tag keys and values
	 */
	void performance(String name, PerformanceMeasurement measurement, Map<String, ?> tags);

	/**
	 * Record a metric described as data, as read from a message or a file.
	 * @param metric the metric
	 */
	void custom(CustomMetric metric);

	/**
	 * Record many metrics at once. Each entry is accepted or rejected on its own.
	 * @param batch the metrics
	 * @return how many entries were accepted and rejected
	 */
	BatchResult batch(MetricBatch batch);

	/**
	 * A counter bound to one series, for the hottest paths: its {@code increment} costs
	 * what Micrometer's {@code Counter.increment()} costs. Recordings through a bound
	 * counter are counted in the meter itself, not in {@link CollectorStats#recorded()}.
	 * @param name the counter's name
	 * @param tags tag keys and values
	 * @return the bound counter; a no-op one when the name or tags are rejected
	 */
	BoundCounter counter(String name, Map<String, ?> tags);

	/**
	 * Health of the collector itself: {@code UP}, or {@code DEGRADED} with the reasons
	 * when the rejection or registry-error ratio is over its threshold.
	 * @return the health
	 */
	CollectorHealth getCollectorHealth();

	/**
	 * The collector's own statistics.
	 * @return recorded and rejected counts, series per name, overflow and open timers
	 */
	CollectorStats getCollectorStats();

	/**
	 * Count a recording that could not be made because the expression giving its value,
	 * tags or condition failed ({@link RejectionReason#EXPRESSION_FAILED}). The caller
	 * logs the failure. Never throws. The default does nothing.
	 * @param name the metric the expression was for
	 */
	default void expressionFailed(String name) {
	}

	/**
	 * Query the metric history: the points of a meter name's series over a time range,
	 * aggregated per step. Synchronous; never throws: a bad query (or history that is not
	 * enabled) is answered with an {@link AggregatedMetrics#error() error message}.
	 * @param query the query
	 * @return the answer
	 */
	default AggregatedMetrics getAggregatedMetrics(MetricsQuery query) {
		return AggregatedMetrics.error((query != null) ? query.name() : "",
				"Metric history is not enabled (bduf.metrics.history.enabled)");
	}

	/**
	 * Open a live stream of the series a configuration matches. It never throws: a bad
	 * configuration, too many subscribers, or streaming turned off answer a session whose
	 * {@link StreamingSession#error() error} says why and whose publisher signals
	 * {@code onError} with it.
	 * @param config what to stream
	 * @return the session
	 */
	default StreamingSession startStreaming(StreamingConfig config) {
		return StreamingSession.failed("none", config,
				"Live streaming is not enabled (bduf.metrics.stream.enabled)");
	}

	/**
	 * Close a live stream opened by {@link #startStreaming(StreamingConfig)}.
	 * @param id the session's id
	 * @return {@code true} when an open session was closed, {@code false} for an unknown
	 * or already closed one
	 */
	default boolean stopStreaming(String id) {
		return false;
	}

}
