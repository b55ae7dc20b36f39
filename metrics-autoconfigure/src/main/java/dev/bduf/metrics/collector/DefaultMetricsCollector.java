package dev.bduf.metrics.collector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

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
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link MetricsCollector} over a Micrometer {@link MeterRegistry}.
 * <p>
 * The hot path is two lookups without locks or allocation: the caller's name string in a
 * {@link ConcurrentHashMap} (its hash is cached by {@link String}), then the caller's
 * tag map in the name's series table ({@link NameEntry}). Only the first sight of a name
 * or tag map takes the slow path, which validates and normalises the tags, applies the
 * cardinality guard and registers the meter.
 */
public final class DefaultMetricsCollector implements MetricsCollector {

	private static final Log logger = LogFactory.getLog(DefaultMetricsCollector.class);

	private static final String OVERFLOW_TAG = "overflow";

	private static final String BUSINESS_TAG = "business";

	private final MeterRegistry registry;

	private final CollectorSettings settings;

	private final Clock clock;

	private final Names names = new Names();

	private final ConcurrentHashMap<String, NameEntry> byRawName = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, NameEntry> byName = new ConcurrentHashMap<>();

	private final Tags defaultTags;

	private final List<Pattern> upDownCounters;

	private final LongAdder recorded = new LongAdder();

	private final LongAdder overflowed = new LongAdder();

	private final LongAdder timersOpen = new LongAdder();

	private final Rejections rejections;

	private final HealthWindow health;

	private final ThreadUsage threadUsage;

	private final Instant since;

	/** Set while this thread registers a meter: the registry's refusal, if any, lands here. */
	private final ThreadLocal<String[]> registering = new ThreadLocal<>();

	/** Prometheus sample names each name's meters export, to refuse names that collide. */
	private final Map<String, String> exportedNames = new HashMap<>();

	/**
	 * Create a collector with default settings and Micrometer's system clock.
	 * @param registry the registry meters are created in
	 */
	public DefaultMetricsCollector(MeterRegistry registry) {
		this(registry, CollectorSettings.builder().build(), Clock.SYSTEM);
	}

	/**
	 * Create a collector.
	 * @param registry the registry meters are created in
	 * @param settings limits, default tags and health thresholds
	 * @param clock the clock timers and health windows read
	 */
	public DefaultMetricsCollector(MeterRegistry registry, CollectorSettings settings, Clock clock) {
		this(registry, settings, clock, ThreadUsage.get());
	}

	DefaultMetricsCollector(MeterRegistry registry, CollectorSettings settings, Clock clock, ThreadUsage threadUsage) {
		this.registry = registry;
		this.settings = settings;
		this.clock = clock;
		this.threadUsage = threadUsage;
		this.defaultTags = normalizedDefaultTags(settings.defaultTags());
		this.upDownCounters = settings.upDownCounters().stream().map(DefaultMetricsCollector::glob).toList();
		this.rejections = new Rejections(clock, settings.rejectionLogInterval().toNanos());
		this.health = new HealthWindow(clock.monotonicTime(), settings.healthWindow().toNanos(),
				settings.healthMinAttempts(), settings.maxRejectionRatio(), settings.maxRegistryErrorRatio());
		this.since = Instant.ofEpochMilli(clock.wallTime());
		listenForRegistrationFailures(registry);
	}

	/**
	 * A registry may refuse a meter without throwing (Micrometer's Prometheus registry
	 * refuses a second set of tag keys for a name and hands back a meter it never
	 * exports). Such refusals of the collector's own meters are counted as registry
	 * errors and logged, so they are not lost silently.
	 */
	private void listenForRegistrationFailures(MeterRegistry registry) {
		registry.config().onMeterRegistrationFailed((id, reason) -> {
			String[] slot = this.registering.get();
			if (slot != null) {
				slot[0] = reason;
			}
		});
		if (registry instanceof CompositeMeterRegistry composite) {
			composite.getRegistries().forEach(this::listenForRegistrationFailures);
		}
	}

	private Tags normalizedDefaultTags(Map<String, String> tags) {
		List<Tag> result = new ArrayList<>();
		tags.forEach((key, value) -> {
			String normalized = this.names.normalize(key);
			if (normalized != null && value != null) {
				result.add(Tag.of(normalized, value));
			}
		});
		return Tags.of(result);
	}

	private static Pattern glob(String glob) {
		StringBuilder regex = new StringBuilder();
		for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
			switch (c) {
				case '*' -> regex.append(".*");
				case '?' -> regex.append('.');
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString());
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

	private boolean add(String name, double value, Map<String, ?> tags, Kind kind, boolean down) {
		try {
			if (!nonNegative(name, value)) {
				return false;
			}
			Series series = series(name, kind, null, tags);
			if (series == null) {
				return false;
			}
			series.add(down ? -value : value);
			recorded(series);
			return true;
		}
		catch (RuntimeException | LinkageError ex) {
			return registryError(name, ex);
		}
	}

	@Override
	public BoundCounter counter(String name, Map<String, ?> tags) {
		try {
			Series series = series(name, Kind.COUNTER, null, tags);
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

	private boolean setGauge(String name, double value, Map<String, ?> tags) {
		try {
			if (!finite(name, value)) {
				return false;
			}
			Series series = series(name, Kind.GAUGE, null, tags);
			if (series == null) {
				return false;
			}
			series.set(value);
			recorded(series);
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

	private boolean summary(String name, double value, MetricUnit unit, Map<String, ?> tags, Kind kind) {
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
			Series series = series(name, kind, unit, tags);
			if (series == null) {
				return false;
			}
			series.record(scaled);
			recorded(series);
			return true;
		}
		catch (RuntimeException | LinkageError ex) {
			return registryError(name, ex);
		}
	}

	// ---------------------------------------------------------------- timers

	@Override
	public TimerHandle timer(String name, Map<String, ?> tags) {
		this.timersOpen.increment();
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
	private static long nanos(Duration duration) {
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
			Series series = series(name, Kind.TIMER, null, tags);
			if (series == null) {
				return false;
			}
			series.recordNanos(nanos);
			recorded(series);
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
		String base = (name != null) ? this.names.normalize(name) : null;
		if (base == null || split == null || this.names.normalize(split) == null) {
			this.rejections.reject(RejectionReason.INVALID_NAME,
					"Split '%s' of timer '%s' was rejected: both names need a letter or digit", split, name);
			return false;
		}
		return recordNanos(base + "." + split, nanos, tags);
	}

	void timerClosed() {
		this.timersOpen.decrement();
	}

	void timerNotRunning(String name) {
		this.rejections.reject(RejectionReason.TIMER_NOT_RUNNING,
				"Timer '%s' was stopped or split after it was stopped or cancelled; nothing was recorded", name);
	}

	void nullTags(String name) {
		this.rejections.reject(RejectionReason.NULL_TAG, "Metric '%s' was given null tags", name);
	}

	Clock clock() {
		return this.clock;
	}

	ThreadUsage threadUsage() {
		return this.threadUsage;
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
		String base = this.names.normalize(name);
		if (measurement.cpuTime() != null) {
			recordNanos(base + ".cpu", nanos(measurement.cpuTime()), tags);
		}
		if (measurement.allocatedBytes() >= 0) {
			summary(base + ".allocated", measurement.allocatedBytes(), MetricUnit.BYTES, tags, Kind.SUMMARY);
		}
		if (measurement.memoryDeltaBytes() != null && measurement.memoryDeltaBytes() >= 0) {
			summary(base + ".memory", measurement.memoryDeltaBytes(), MetricUnit.BYTES, tags, Kind.SUMMARY);
		}
		if (measurement.gcCount() >= 0) {
			summary(base + ".gc.count", measurement.gcCount(), MetricUnit.COUNT, tags, Kind.SUMMARY);
		}
		if (measurement.gcTime() != null) {
			recordNanos(base + ".gc.time", nanos(measurement.gcTime()), tags);
		}
		measurement.custom().forEach((key, value) -> summary(base + "." + key, value.doubleValue(), MetricUnit.COUNT,
				tags, Kind.SUMMARY));
	}

	@Override
	public void custom(CustomMetric metric) {
		record(metric);
	}

	@Override
	public BatchResult batch(MetricBatch batch) {
		if (batch == null) {
			this.rejections.reject(RejectionReason.INVALID_METRIC, "A null batch was given");
			return new BatchResult(0, 1);
		}
		int accepted = 0;
		for (CustomMetric metric : batch.metrics()) {
			if (record(metric)) {
				accepted++;
			}
		}
		return new BatchResult(accepted, batch.metrics().size() - accepted);
	}

	private boolean record(@Nullable CustomMetric metric) {
		if (metric == null || metric.type() == null) {
			this.rejections.reject(RejectionReason.INVALID_METRIC, "Custom metric %s has no type", metric);
			return false;
		}
		String name = metric.name();
		double value = metric.value();
		return switch (metric.type()) {
			case COUNTER -> add(name, value, metric.tags(), Kind.COUNTER, false);
			case UP_DOWN_COUNTER -> (value < 0) ? add(name, -value, metric.tags(), Kind.UP_DOWN, true)
					: add(name, value, metric.tags(), Kind.UP_DOWN, false);
			case GAUGE -> setGauge(name, value, metric.tags());
			case HISTOGRAM -> summary(name, value, metric.unit(), metric.tags(), Kind.SUMMARY);
			case BUSINESS -> summary(name, value, metric.unit(), metric.tags(), Kind.BUSINESS);
			case TIMER -> customTiming(name, value, metric.unit(), metric.tags());
		};
	}

	private boolean customTiming(String name, double value, MetricUnit unit, Map<String, ?> tags) {
		if (!unit.isTime()) {
			this.rejections.reject(RejectionReason.INVALID_UNIT,
					"Timer '%s' was given the unit %s; a timer needs a time unit such as MILLISECONDS", name, unit);
			return false;
		}
		if (!finite(name, value)) {
			return false;
		}
		return recordNanos(name, (long) (unit.toBaseUnit(value) * 1e9), tags);
	}

	// ---------------------------------------------------------------- validation

	private boolean finite(String name, double value) {
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

	private void recorded(Series series) {
		this.recorded.increment();
		LongAdder overflow = series.overflow;
		if (overflow != null) {
			overflow.increment();
			this.overflowed.increment();
		}
	}

	// ---------------------------------------------------------------- series lookup

	/**
	 * Find or create the series for a name and tag map; {@code null} when rejected (the
	 * rejection is counted and logged).
	 */
	@Nullable Series series(String name, Kind kind, @Nullable MetricUnit unit, Map<String, ?> tags) {
		if (name == null) {
			this.rejections.reject(RejectionReason.INVALID_NAME, "A metric was given a null name");
			return null;
		}
		if (tags == null) {
			nullTags(name);
			return null;
		}
		NameEntry entry = this.byRawName.get(name);
		if (entry == null) {
			entry = entry(name, kind, unit);
			if (entry == null) {
				return null;
			}
		}
		if (entry.kind != kind && !(kind == Kind.COUNTER && entry.kind == Kind.UP_DOWN)) {
			conflict(entry, kind);
			return null;
		}
		String baseUnit = (unit != null) ? unit.baseUnit() : null;
		if ((kind == Kind.SUMMARY || kind == Kind.BUSINESS) && !Objects.equals(baseUnit, entry.baseUnit)) {
			this.rejections.reject(RejectionReason.INVALID_UNIT,
					"Metric '%s' is recorded in %s; a value in %s was rejected", entry.name,
					(entry.baseUnit != null) ? entry.baseUnit : "plain counts", unit);
			return null;
		}
		Series series = entry.find(tags);
		if (series == null) {
			series = createSeries(entry, tags);
			if (series == null) {
				return null;
			}
		}
		if (series.refused()) {
			this.rejections.count(RejectionReason.REGISTRY_ERROR);
			return null;
		}
		return series;
	}

	private @Nullable NameEntry entry(String raw, Kind kind, @Nullable MetricUnit unit) {
		String normalized = this.names.normalize(raw);
		if (normalized == null) {
			this.rejections.reject(RejectionReason.INVALID_NAME,
					"Metric name '%s' has no letter or digit; names are normalised to [a-z0-9._-]", raw);
			return null;
		}
		NameEntry entry = this.byName.get(normalized);
		if (entry == null) {
			if (this.byName.size() >= this.settings.maxNames()) {
				this.rejections.reject(RejectionReason.TOO_MANY_NAMES,
						"Metric '%s' was rejected: the collector already holds %d names (bduf.metrics.cardinality.max-names); a name should not carry an id",
						normalized, this.settings.maxNames());
				return null;
			}
			Kind effective = (kind == Kind.COUNTER && isDeclaredUpDown(normalized)) ? Kind.UP_DOWN : kind;
			String baseUnit = (unit != null) ? unit.baseUnit() : null;
			entry = newEntry(normalized, effective, baseUnit);
			if (entry == null) {
				return null;
			}
		}
		if (this.byRawName.size() < this.settings.maxNames() * 4L) {
			this.byRawName.putIfAbsent(raw, entry);
		}
		return entry;
	}

	/**
	 * Create a name's entry unless the Prometheus samples it would export clash with
	 * another name's: Prometheus reads {@code .} and {@code -} as {@code _}, and derives
	 * {@code _total}, {@code _count}, {@code _sum}, {@code _max} and unit suffixes, so
	 * {@code a.b} and {@code a_b}, or a summary {@code jobs} and a gauge {@code jobs.max},
	 * would be one metric there, and the scrape would drop one or fail as a whole.
	 */
	private @Nullable NameEntry newEntry(String name, Kind kind, @Nullable String baseUnit) {
		List<String> exported = PrometheusNames.exported(name, kind, baseUnit);
		synchronized (this.exportedNames) {
			NameEntry existing = this.byName.get(name);
			if (existing != null) {
				return existing;
			}
			for (String sample : exported) {
				String owner = this.exportedNames.get(sample);
				if (owner != null) {
					this.rejections.reject(RejectionReason.NAME_COLLISION,
							"Metric '%s' was rejected: Prometheus would export it as '%s', which metric '%s' already "
									+ "exports; rename one of them",
							name, sample, owner);
					return null;
				}
			}
			NameEntry entry = new NameEntry(name, kind, baseUnit);
			exported.forEach((sample) -> this.exportedNames.put(sample, name));
			this.byName.put(name, entry);
			return entry;
		}
	}

	private boolean isDeclaredUpDown(String name) {
		for (Pattern pattern : this.upDownCounters) {
			if (pattern.matcher(name).matches()) {
				return true;
			}
		}
		return false;
	}

	private void conflict(NameEntry entry, Kind kind) {
		if (kind == Kind.UP_DOWN && entry.kind == Kind.COUNTER) {
			this.rejections.count(RejectionReason.DECREMENT_ON_COUNTER);
			if (entry.conflictLogged.compareAndSet(false, true)) {
				logger.warn("Metric '" + entry.name + "' is a monotonic counter (its first call was an increment), so "
							+ "decrements are rejected. Declare it as an up-down counter with "
							+ "bduf.metrics.up-down-counters=" + entry.name + " to count both ways.");
			}
			return;
		}
		this.rejections.reject(RejectionReason.KIND_CONFLICT,
				"Metric '%s' is %s; recording it as %s was rejected. Use another name for the other kind",
				entry.name, entry.kind.description(), kind.description());
	}

	private @Nullable Series createSeries(NameEntry entry, Map<String, ?> raw) {
		Tags tags = tags(entry.name, raw);
		if (tags == null) {
			return null;
		}
		synchronized (entry) {
			Series series = entry.find(raw);
			if (series != null) {
				return series;
			}
			// each distinct series sits in the table under its normalised tags as well
			Map<String, String> canonical = new HashMap<>();
			tags.forEach((tag) -> canonical.put(tag.getKey(), tag.getValue()));
			Series existing = entry.find(canonical);
			if (existing != null) {
				series = existing.rekey(raw);
			}
			else if (!sameKeys(entry, tags)) {
				return null;
			}
			else if (entry.distinctSeries() >= this.settings.maxSeriesPerName()) {
				series = overflow(entry, raw, tags);
			}
			else {
				Series created = register(entry,
						(entry.overflowSeries() != null) ? tags.and(OVERFLOW_TAG, "false") : tags, canonical, null);
				created = new Series(canonical, null, created.meter(), true);
				entry.addDistinct(created);
				if (canonical.equals(raw)) {
					return created;
				}
				series = created.rekey(raw);
			}
			entry.remember(series, rawTagMapLimit());
			return series;
		}
	}

	/**
	 * Every series of a name has the keys of its first series: Prometheus refuses (and
	 * Micrometer's Prometheus registry silently drops) a series with other keys.
	 */
	private boolean sameKeys(NameEntry entry, Tags tags) {
		Set<String> keys = new TreeSet<>();
		tags.forEach((tag) -> keys.add(tag.getKey()));
		if (entry.tagKeys == null) {
			entry.tagKeys = keys;
			return true;
		}
		if (entry.tagKeys.equals(keys)) {
			return true;
		}
		this.rejections.reject(RejectionReason.TAG_KEYS_MISMATCH,
				"Metric '%s' has the tag keys %s, so tags with the keys %s were rejected: every series of a name needs "
						+ "the same keys (Prometheus requires it); use another name or give every call the same keys",
				entry.name, entry.tagKeys, keys);
		return false;
	}

	private int rawTagMapLimit() {
		return Math.max(64, this.settings.maxSeriesPerName() * 4);
	}

	/**
	 * The overflow series of a name over its series limit: the name's tag keys, each
	 * valued {@code overflow}, and {@code overflow=true} (the other series carry
	 * {@code overflow=false}, so every series of the name has the same keys).
	 */
	private Series overflow(NameEntry entry, Map<String, ?> raw, Tags tags) {
		entry.dropped(tags, this.settings.maxSeriesPerName());
		Series overflow = entry.overflowSeries();
		if (overflow == null) {
			addOverflowTag(entry);
			List<Tag> overflowTags = new ArrayList<>();
			for (String key : entry.tagKeys) {
				overflowTags.add(Tag.of(key, OVERFLOW_TAG));
			}
			overflowTags.add(Tag.of(OVERFLOW_TAG, "true"));
			overflow = register(entry, Tags.of(overflowTags), Map.of(), entry.overflowRecordings);
			entry.overflowSeries(overflow);
			logger.warn("Metric '" + entry.name + "' reached its limit of " + this.settings.maxSeriesPerName()
					+ " series (bduf.metrics.cardinality.max-series-per-name); values for further tag sets go to one "
					+ "series tagged overflow=true. A tag with unbounded values (an id, a timestamp) is the usual "
					+ "cause: the collector endpoint lists samples of the dropped tag sets");
		}
		return overflow.rekey(raw);
	}

	/**
	 * When a name first overflows, move its series to meters tagged
	 * {@code overflow=false}, so that they share their keys with the overflow series, as
	 * Prometheus requires. Names that never overflow carry no such tag. Counters, gauges
	 * and up-down counters keep their values: totals are carried over after the new
	 * meters are published, so only a recording still in flight on another thread at
	 * that instant can land on the retired meter. Timers and histograms start afresh.
	 */
	private void addOverflowTag(NameEntry entry) {
		List<Series> distinct = entry.canonicalSeries();
		for (Meter meter : this.registry.find(entry.name).meters()) {
			this.registry.remove(meter);
		}
		Map<Object, Object> moved = new IdentityHashMap<>();
		for (Series series : distinct) {
			Object old = series.meter();
			Object fresh = register(entry, series.tags().and(OVERFLOW_TAG, "false"), Map.of(), null).meter();
			if (old instanceof Series.GaugeValue value && fresh instanceof Series.GaugeValue next) {
				next.set(value.get());
			}
			if (old != null) {
				moved.put(old, fresh);
			}
		}
		entry.replaceAll((series) -> moved.containsKey(series.meter()) ? series.withMeter(moved.get(series.meter()))
				: series);
		moved.forEach((old, fresh) -> {
			if (old instanceof Counter counter && fresh instanceof Counter next) {
				next.increment(counter.count());
			}
			else if (old instanceof DoubleAdder adder && fresh instanceof DoubleAdder next) {
				next.add(adder.sum());
			}
		});
	}

	private Series register(NameEntry entry, Tags userTags, Map<String, ?> raw, @Nullable LongAdder overflow) {
		String[] refusal = new String[1];
		this.registering.set(refusal);
		Series series;
		try {
			series = registerMeter(entry, userTags, raw, overflow);
		}
		finally {
			this.registering.remove();
		}
		if (refusal[0] != null) {
			this.rejections.registryRefused(entry.name, refusal[0]);
			return Series.refused(raw);
		}
		return series;
	}

	private Series registerMeter(NameEntry entry, Tags userTags, Map<String, ?> raw, @Nullable LongAdder overflow) {
		Tags tags = this.defaultTags.and(userTags);
		if (entry.kind == Kind.BUSINESS) {
			tags = tags.and(BUSINESS_TAG, "true");
		}
		String name = entry.name;
		String description = entry.description;
		Object meter = switch (entry.kind) {
			case COUNTER -> Counter.builder(name).description(description).tags(tags).register(this.registry);
			case UP_DOWN -> {
				DoubleAdder adder = new DoubleAdder();
				Gauge.builder(name, adder, DoubleAdder::sum)
					.description(description)
					.tags(tags)
					.strongReference(true)
					.register(this.registry);
				yield adder;
			}
			case GAUGE -> {
				Series.GaugeValue value = new Series.GaugeValue();
				Gauge.builder(name, value, Series.GaugeValue::get)
					.description(description)
					.tags(tags)
					.strongReference(true)
					.register(this.registry);
				yield value;
			}
			case SUMMARY, BUSINESS -> DistributionSummary.builder(name)
				.description(description)
				.baseUnit(entry.baseUnit)
				.tags(tags)
				.register(this.registry);
			case TIMER -> Timer.builder(name).description(description).tags(tags).register(this.registry);
		};
		return new Series(raw, overflow, meter);
	}

	/**
	 * Validate and normalise a caller's tags; {@code null} when rejected.
	 */
	private @Nullable Tags tags(String name, Map<String, ?> raw) {
		List<Tag> result = new ArrayList<>(raw.size());
		for (Map.Entry<String, ?> tag : raw.entrySet()) {
			String key = tag.getKey();
			Object value = tag.getValue();
			if (key == null || value == null) {
				this.rejections.reject(RejectionReason.NULL_TAG, "Metric '%s' was given a null tag %s: %s", name,
						(key == null) ? "key" : "value for", key);
				return null;
			}
			String normalizedKey = this.names.normalize(key);
			if (normalizedKey == null || OVERFLOW_TAG.equals(normalizedKey)) {
				this.rejections.reject(RejectionReason.INVALID_TAG,
						"Metric '%s' was given the tag key '%s'; a tag key needs a letter or digit and '%s' is reserved "
								+ "for the cardinality guard",
						name, key, OVERFLOW_TAG);
				return null;
			}
			if (normalizedKey.equals("le") || normalizedKey.equals("quantile")) {
				// Prometheus reserves them for histogram buckets and summary quantiles: a
				// summary or timer carrying one makes the whole scrape fail
				this.rejections.reject(RejectionReason.INVALID_TAG,
						"Metric '%s' was given the tag key '%s', which Prometheus reserves for buckets and quantiles",
						name, key);
				return null;
			}
			if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
				this.rejections.reject(RejectionReason.INVALID_TAG,
						"Metric '%s' was given a %s as the value of tag '%s'; tag values are String, Number or Boolean",
						name, value.getClass().getName(), key);
				return null;
			}
			result.add(Tag.of(normalizedKey, value.toString()));
		}
		if (result.size() > 1 && foldAlike(result)) {
			this.rejections.reject(RejectionReason.INVALID_TAG,
					"Metric '%s' was given tag keys %s, two of which differ only in '.', '-' or '_'; Prometheus sees them as one label and the whole scrape would fail",
					name, raw.keySet());
			return null;
		}
		return Tags.of(result);
	}

	/**
	 * Whether two distinct keys become one label name in Prometheus, which reads '.' and
	 * '-' as '_', replaces a leading digit with '_' and folds leading underscores.
	 */
	private static boolean foldAlike(List<Tag> tags) {
		for (int i = 0; i < tags.size(); i++) {
			String a = tags.get(i).getKey();
			for (int j = i + 1; j < tags.size(); j++) {
				String b = tags.get(j).getKey();
				if (!a.equals(b) && fold(a).equals(fold(b))) {
					return true;
				}
			}
		}
		return false;
	}

	private static String fold(String key) {
		String folded = key.replace('.', '_').replace('-', '_');
		if (Character.isDigit(folded.charAt(0))) {
			folded = "_" + folded.substring(1);
		}
		int start = 0;
		while (start + 1 < folded.length() && folded.charAt(start) == '_' && folded.charAt(start + 1) == '_') {
			start++;
		}
		return folded.substring(start);
	}

	// ---------------------------------------------------------------- stats and health

	@Override
	public CollectorStats getCollectorStats() {
		// each count is read once: sorting on live counts that other threads change can break
		// the sort's contract ("Comparison method violates its general contract!")
		record Counted(NameEntry entry, int count) {
		}
		List<Counted> entries = new ArrayList<>();
		this.byName.values().forEach((entry) -> entries.add(new Counted(entry, entry.seriesCount())));
		entries.sort(Comparator.comparingInt(Counted::count).reversed().thenComparing((c) -> c.entry().name));
		Map<String, Integer> seriesPerName = new LinkedHashMap<>();
		Map<String, CollectorStats.Overflow> overflow = new LinkedHashMap<>();
		int series = 0;
		for (Counted counted : entries) {
			NameEntry entry = counted.entry();
			int count = counted.count();
			series += count;
			seriesPerName.put(entry.name, count);
			CollectorStats.Overflow lost = entry.overflowStats();
			if (lost != null) {
				overflow.put(entry.name, lost);
			}
		}
		return new CollectorStats(this.since, this.recorded.sum(), this.rejections.total(),
				this.rejections.byReason(), this.overflowed.sum(), entries.size(), series, seriesPerName, overflow,
				this.timersOpen.sum());
	}

	/**
	 * Take a health sample without judging it. Health is judged over a sliding window of
	 * samples; sampling on a schedule (auto-configuration does it every tenth of the
	 * window) keeps the window true to its length when health is asked for rarely.
	 */
	public void sampleHealth() {
		long rejected = this.rejections.total();
		this.health.sample(this.clock.monotonicTime(), this.recorded.sum() + rejected, rejected,
				this.rejections.countOf(RejectionReason.REGISTRY_ERROR));
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
		long rejected = this.rejections.total();
		return this.health.evaluate(this.clock.monotonicTime(), this.recorded.sum() + rejected, rejected,
				this.rejections.countOf(RejectionReason.REGISTRY_ERROR));
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

	// ---------------------------------------------------------------- bound counters

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
				recorded(this.series);
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
