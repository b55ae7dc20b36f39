package dev.bduf.metrics.collector;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bduf.metrics.BatchResult;
import dev.bduf.metrics.BoundCounter;
import dev.bduf.metrics.CollectorHealth;
import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.CustomMetric;
import dev.bduf.metrics.MetricBatch;
import dev.bduf.metrics.MetricUnit;
import dev.bduf.metrics.MetricsCollector;
import dev.bduf.metrics.PerformanceMeasurement;
import dev.bduf.metrics.RejectionReason;
import dev.bduf.metrics.TimerHandle;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The {@link MetricsCollector} over the {@link SeriesRegistrar}: it checks values
 * (finite, non-negative where it matters, units) and hands each recording to the series
 * the registrar resolves.
 * <p>
 * The hot path is two lookups without locks or allocation: the caller's name string,
 * then the caller's tag map in the name's series table. Only the first sight of a name
 * or tag map takes the registrar's slow path, which validates and normalises the tags,
 * applies the cardinality guard and registers the meter.
 */
public final class DefaultMetricsCollector implements MetricsCollector {

	private final SeriesRegistrar registrar;

	private final Rejections rejections;

	private final CollectorSettings settings;

	private final Clock clock;

	private final ThreadUsage threadUsage;

	/**
	 * Create a collector with default settings and Micrometer's system clock.
	 * @param registry the registry meters are created in
	 */
	public DefaultMetricsCollector(MeterRegistry registry) {
		this(registry, CollectorSettings.builder().build(), Clock.SYSTEM);
	}

	/**
	 * Create a collector with its own series layer.
	 * @param registry the registry meters are created in
	 * @param settings limits, default tag keys and health thresholds
	 * @param clock the clock timers and health windows read
	 */
	public DefaultMetricsCollector(MeterRegistry registry, CollectorSettings settings, Clock clock) {
		this(new SeriesRegistrar(registry, settings, clock), clock);
	}

	/**
	 * Create a collector over a series layer it shares with the rest of the starter.
	 * @param registrar the series layer
	 * @param clock the clock timers read
	 */
	public DefaultMetricsCollector(SeriesRegistrar registrar, Clock clock) {
		this(registrar, clock, ThreadUsage.get());
	}

	DefaultMetricsCollector(MeterRegistry registry, CollectorSettings settings, Clock clock, ThreadUsage threadUsage) {
		this(new SeriesRegistrar(registry, settings, clock), clock, threadUsage);
	}

	private DefaultMetricsCollector(SeriesRegistrar registrar, Clock clock, ThreadUsage threadUsage) {
		this.registrar = registrar;
		this.rejections = registrar.monitor.rejections;
		this.settings = registrar.settings();
		this.clock = clock;
		this.threadUsage = threadUsage;
	}

	/**
	 * The series layer this collector records through.
	 * @return the registrar
	 */
	public SeriesRegistrar getRegistrar() {
		return this.registrar;
	}

	// ---------------------------------------------------------------- counters

	@Override
	public void increment(String name, double value, Map<String, ?> tags) {
		add(name, value, tags, Kind.COUNTER, false);
	}

	@Override
	public void decrement(String name, double value, Map<String, ?> tags) {
		add(name, value, tags, Kind.UP_DOWN, true);
	}

	boolean add(String name, double value, Map<String, ?> tags, Kind kind, boolean down) {
		try {
			if (!nonNegative(name, value)) {
				return false;
			}
			Series series = this.registrar.series(name, kind, null, tags);
			if (series == null) {
				return false;
			}
			series.add(down ? -value : value);
			this.registrar.recorded(series);
			return true;
		}
		catch (RuntimeException | LinkageError ex) {
			return registryError(name, ex);
		}
	}

	@Override
	public BoundCounter counter(String name, Map<String, ?> tags) {
		try {
			Series series = this.registrar.series(name, Kind.COUNTER, null, tags);
			if (series != null) {
				return new Bound(series);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			registryError(name, ex);
		}
		return NoopBoundCounter.INSTANCE;
	}

	// ---------------------------------------------------------------- gauges

	@Override
	public void gauge(String name, double value, Map<String, ?> tags) {
		setGauge(name, value, tags);
	}

	boolean setGauge(String name, double value, Map<String, ?> tags) {
		try {
			if (!finite(name, value)) {
				return false;
			}
			Series series = this.registrar.series(name, Kind.GAUGE, null, tags);
			if (series == null) {
				return false;
			}
			series.set(value);
			this.registrar.recorded(series);
			return true;
		}
		catch (RuntimeException | LinkageError ex) {
			return registryError(name, ex);
		}
	}

	// ---------------------------------------------------------------- distributions

	@Override
	public void histogram(String name, double value, MetricUnit unit, Map<String, ?> tags) {
		summary(name, value, unit, tags, Kind.SUMMARY);
	}

	@Override
	public void businessMetric(String name, double value, MetricUnit unit, Map<String, ?> tags) {
		summary(name, value, unit, tags, Kind.BUSINESS);
	}

	@Override
	public void expressionFailed(String name) {
		this.rejections.count(RejectionReason.EXPRESSION_FAILED);
	}

	boolean summary(String name, double value, MetricUnit unit, Map<String, ?> tags, Kind kind) {
		try {
			if (unit == null) {
				this.rejections.reject(RejectionReason.INVALID_UNIT, "Metric '%s' was given no unit", name);
				return false;
			}
			if (!nonNegative(name, value)) {
				return false;
			}
			// a finite value can overflow when scaled (Double.MAX_VALUE gigabytes)
			double scaled = unit.toBaseUnit(value);
			if (!finite(name, scaled)) {
				return false;
			}
			Series series = this.registrar.series(name, kind, unit.baseUnit(), tags);
			if (series == null) {
				return false;
			}
			series.record(scaled);
			this.registrar.recorded(series);
			return true;
		}
		catch (RuntimeException | LinkageError ex) {
			return registryError(name, ex);
		}
	}

	// ---------------------------------------------------------------- timers

	@Override
	public TimerHandle timer(String name, Map<String, ?> tags) {
		this.registrar.monitor.timerOpened();
		return new DefaultTimerHandle(this, name, tags, this.clock.monotonicTime(),
				this.settings.timerCpu() ? this.threadUsage.cpuTimeNanos() : -1,
				this.settings.timerAllocation() ? this.threadUsage.allocatedBytes() : -1);
	}

	@Override
	public void timing(String name, Duration duration, Map<String, ?> tags) {
		if (duration == null) {
			this.rejections.reject(RejectionReason.INVALID_DURATION, "Timer '%s' was given a null duration", name);
			return;
		}
		recordNanos(name, nanos(duration), tags);
	}

	/**
	 * A duration in nanoseconds, saturated: a duration too long for a {@code long} of
	 * nanoseconds reads {@link Long#MAX_VALUE}, or {@link Long#MIN_VALUE} when negative (and
	 * so is still rejected), instead of throwing.
	 */
	static long nanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

	@Override
	public void timing(String name, long amount, TimeUnit unit, Map<String, ?> tags) {
		if (unit == null) {
			this.rejections.reject(RejectionReason.INVALID_UNIT, "Timer '%s' was given no time unit", name);
			return;
		}
		recordNanos(name, unit.toNanos(amount), tags);
	}

	boolean recordNanos(String name, long nanos, Map<String, ?> tags) {
		try {
			if (nanos < 0) {
				this.rejections.reject(RejectionReason.INVALID_DURATION,
						"Timer '%s' was given a negative duration (%d ns); durations must be zero or more", name, nanos);
				return false;
			}
			Series series = this.registrar.series(name, Kind.TIMER, null, tags);
			if (series == null) {
				return false;
			}
			series.recordNanos(nanos);
			this.registrar.recorded(series);
			return true;
		}
		catch (RuntimeException | LinkageError ex) {
			return registryError(name, ex);
		}
	}

	/**
	 * Record a split of a timer as {@code <name>.<split>}; rejected as
	 * {@link RejectionReason#INVALID_NAME} when the timer's name or the split's name holds
	 * no letter or digit, which would otherwise make a meter named after the split alone
	 * (or {@code null.<split>}).
	 */
	boolean recordSplit(String name, String split, long nanos, Map<String, ?> tags) {
		String base = (name != null) ? this.registrar.normalizeName(name) : null;
		if (base == null || split == null || this.registrar.normalizeName(split) == null) {
			this.rejections.reject(RejectionReason.INVALID_NAME,
					"Split '%s' of timer '%s' was rejected: both names need a letter or digit", split, name);
			return false;
		}
		return recordNanos(base + "." + split, nanos, tags);
	}

	/**
	 * The normalised form of a name, for meters derived from it.
	 * @param name the name as given
	 * @return the normalised name, or {@code null} when it has no letter or digit
	 */
	@Nullable String normalizeName(String name) {
		return (name != null) ? this.registrar.normalizeName(name) : null;
	}

	void timerClosed() {
		this.registrar.monitor.timerClosed();
	}

	void timerNotRunning(String name) {
		this.rejections.reject(RejectionReason.TIMER_NOT_RUNNING,
				"Timer '%s' was stopped or split after it was stopped or cancelled; nothing was recorded", name);
	}

	void nullTags(String name) {
		this.registrar.nullTags(name);
	}

	Clock clock() {
		return this.clock;
	}

	ThreadUsage threadUsage() {
		return this.threadUsage;
	}

	Rejections rejections() {
		return this.rejections;
	}

	// ---------------------------------------------------------------- measurements

	@Override
	public void performance(String name, PerformanceMeasurement measurement, Map<String, ?> tags) {
		if (measurement == null) {
			this.rejections.reject(RejectionReason.INVALID_METRIC, "Performance metric '%s' was given no measurement",
					name);
			return;
		}
		if (!recordNanos(name, nanos(measurement.duration()), tags)) {
			return;
		}
		// the main timer was accepted, so the name normalises; sub-meters hang off the
		// normalised name, as splits do, so "Checkout!" gives checkout and checkout.cpu
		String base = this.registrar.normalizeName(name);
		PerformanceRecording.record(this, base, measurement, tags);
	}

	@Override
	public void custom(CustomMetric metric) {
		CustomMetrics.record(this, metric);
	}

	@Override
	public BatchResult batch(MetricBatch batch) {
		return CustomMetrics.record(this, batch);
	}

	// ---------------------------------------------------------------- validation

	boolean finite(String name, double value) {
		if (Double.isFinite(value)) {
			return true;
		}
		this.rejections.reject(RejectionReason.NOT_FINITE, "Metric '%s' was given %s; values must be finite", name,
				value);
		return false;
	}

	private boolean nonNegative(String name, double value) {
		if (value >= 0 && value < Double.POSITIVE_INFINITY) {
			return true;
		}
		if (finite(name, value)) {
			this.rejections.reject(RejectionReason.NEGATIVE_VALUE,
					"Metric '%s' was given %s; this kind takes only values of zero or more", name, value);
		}
		return false;
	}

	private boolean registryError(String name, Throwable failure) {
		if (failure instanceof VirtualMachineError error) {
			throw error;
		}
		this.rejections.registryError(String.valueOf(name), failure);
		return false;
	}

	// ---------------------------------------------------------------- stats and health

	@Override
	public CollectorStats getCollectorStats() {
		return this.registrar.stats(CollectorStats.TOP_NAMES);
	}

	/**
	 * Take a health sample without judging it. Health is judged over a sliding window of
	 * samples; sampling on a schedule (auto-configuration does it every tenth of the
	 * window) keeps the window true to its length when health is asked for rarely.
	 */
	public void sampleHealth() {
		this.registrar.sampleHealth();
	}

	/**
	 * How often {@link #sampleHealth()} should run to keep the health window accurate.
	 * @return a tenth of the health window
	 */
	public Duration healthSampleInterval() {
		return this.settings.healthWindow().dividedBy(10);
	}

	@Override
	public CollectorHealth getCollectorHealth() {
		return this.registrar.health();
	}

	// ---------------------------------------------------------------- history queries

	/** Answers getAggregatedMetrics; null until history is configured. */
	private volatile java.util.function.@Nullable Function<dev.bduf.metrics.MetricsQuery, dev.bduf.metrics.AggregatedMetrics> queryEngine;

	/**
	 * Set what answers {@link #getAggregatedMetrics}: the history's query engine.
	 * @param queryEngine the engine, or {@code null} to answer that history is off
	 */
	public void setQueryEngine(
			java.util.function.@Nullable Function<dev.bduf.metrics.MetricsQuery, dev.bduf.metrics.AggregatedMetrics> queryEngine) {
		this.queryEngine = queryEngine;
	}

	@Override
	public dev.bduf.metrics.AggregatedMetrics getAggregatedMetrics(dev.bduf.metrics.MetricsQuery query) {
		java.util.function.Function<dev.bduf.metrics.MetricsQuery, dev.bduf.metrics.AggregatedMetrics> engine = this.queryEngine;
		if (engine == null) {
			return MetricsCollector.super.getAggregatedMetrics(query);
		}
		try {
			return engine.apply(query);
		}
		catch (RuntimeException ex) {
			return dev.bduf.metrics.AggregatedMetrics.error((query != null) ? query.name() : "",
					"The query failed: " + ex);
		}
	}

	// ---------------------------------------------------------------- live streams

	/** Opens live streams; null until streaming is configured. */
	private volatile java.util.function.@Nullable Function<dev.bduf.metrics.StreamingConfig, dev.bduf.metrics.StreamingSession> streamStarter;

	/** Closes live streams by id; null until streaming is configured. */
	private volatile java.util.function.@Nullable Predicate<String> streamStopper;

	/**
	 * Set what answers {@link #startStreaming} and {@link #stopStreaming}: the stream hub.
	 * @param starter opens a session, or {@code null} to answer that streaming is off
	 * @param stopper closes a session by id
	 */
	public void setStreaming(
			java.util.function.@Nullable Function<dev.bduf.metrics.StreamingConfig, dev.bduf.metrics.StreamingSession> starter,
			java.util.function.@Nullable Predicate<String> stopper) {
		this.streamStarter = starter;
		this.streamStopper = stopper;
	}

	@Override
	public dev.bduf.metrics.StreamingSession startStreaming(dev.bduf.metrics.StreamingConfig config) {
		java.util.function.Function<dev.bduf.metrics.StreamingConfig, dev.bduf.metrics.StreamingSession> starter = this.streamStarter;
		if (starter == null) {
			return MetricsCollector.super.startStreaming(config);
		}
		try {
			return starter.apply(config);
		}
		catch (RuntimeException ex) {
			return dev.bduf.metrics.StreamingSession.failed("none", config, "The stream could not start: " + ex);
		}
	}

	@Override
	public boolean stopStreaming(String id) {
		java.util.function.Predicate<String> stopper = this.streamStopper;
		try {
			return stopper != null && id != null && stopper.test(id);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	// ---------------------------------------------------------------- bound counters

	/**
	 * A counter bound to one series. Its meter is never replaced (no series is ever
	 * moved), so it counts for the life of the application.
	 */
	private final class Bound implements BoundCounter {

		private final Series series;

		/** The Micrometer counter when increments can go straight to it, else null. */
		private final @Nullable Counter direct;

		Bound(Series series) {
			this.series = series;
			this.direct = (series.overflow == null) ? series.counter() : null;
		}

		@Override
		public void increment() {
			increment(1);
		}

		@Override
		public void increment(double amount) {
			Counter counter = this.direct;
			if (counter != null && amount >= 0 && amount < Double.POSITIVE_INFINITY) {
				try {
					counter.increment(amount);
				}
				catch (RuntimeException ex) {
					registryError(counter.getId().getName(), ex);
				}
				return;
			}
			slowIncrement(amount);
		}

		private void slowIncrement(double amount) {
			try {
				if (!nonNegative("bound counter", amount)) {
					return;
				}
				this.series.add(amount);
				DefaultMetricsCollector.this.registrar.recorded(this.series);
			}
			catch (RuntimeException | LinkageError ex) {
				registryError("bound counter", ex);
			}
		}

		@Override
		public double count() {
			return this.series.count();
		}

	}

	private enum NoopBoundCounter implements BoundCounter {

		INSTANCE;

		@Override
		public void increment() {
		}

		@Override
		public void increment(double amount) {
		}

		@Override
		public double count() {
			return 0;
		}

	}

}
