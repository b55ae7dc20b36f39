package dev.bduf.metrics.collector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import dev.bduf.metrics.CollectorHealth;
import dev.bduf.metrics.CollectorStats;
import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
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
 * The series layer: the one door through which the collector, {@code @Tracked}, the
 * performance tracker and every later part of the starter register meters. It holds the
 * rules that must hold for all of them: names normalised and cached, one kind per name,
 * one set of tag keys per name where the registry needs it, the cardinality guard with
 * its overflow series, and the counting of every recording, rejection and overflow in the
 * collector's statistics.
 * <p>
 * Lookups of a known series take no lock and allocate nothing. A new tag map is
 * normalised; a new series is registered under its name's lock (at most the series limit
 * per name); past the limit, new tag sets go to the name's one overflow series without a
 * lock, and no existing meter is ever moved, re-registered or removed, so meters held
 * elsewhere (bound counters, Micrometer meters of the same name) keep counting.
 * <p>
 * Outside this package the registrar is used through its {@code public} methods, which
 * hand out {@link Series} handles: resolve and record once, keep the handle, record
 * through it.
 */
public final class SeriesRegistrar {

	private static final Log logger = LogFactory.getLog(SeriesRegistrar.class);

	/** The value of a declared tag key that a series does not carry. */
	public static final String MISSING_TAG_VALUE = "none";

	private static final String BUSINESS_TAG = "business";

	private final MeterRegistry registry;

	private final CollectorSettings settings;

	private final Names names = new Names();

	final CollectorMonitor monitor;

	private final NameTable nameTable;

	private boolean collectorMetersBound;

	private final TagNormalizer tagNormalizer;

	/** Normalised keys of the default tags a MeterFilter adds to every meter. */
	private final Set<String> defaultKeys;

	/**
	 * The default tags themselves, registered with each meter so that the filter finds
	 * them present and leaves the meter's id as it is: Micrometer keeps the id a meter was
	 * registered with beside the filtered one when they differ, a second id per series.
	 */
	private final List<Tag> defaultTags;

	/** Whether every series of a name must carry the same tag keys (the registry needs it). */
	private final boolean consistentKeys;

	/** Set while this thread registers a meter: the registry's refusal, if any, lands here. */
	private final ThreadLocal<String[]> registering = new ThreadLocal<>();

	/**
	 * A registrar over a registry.
	 * @param registry where meters are registered
	 * @param settings limits, default tag keys, health thresholds
	 * @param clock the clock of the rate-limited logs and the health window
	 */
	public SeriesRegistrar(MeterRegistry registry, CollectorSettings settings, Clock clock) {
		this.registry = registry;
		this.settings = settings;
		this.monitor = new CollectorMonitor(clock, settings);
		this.nameTable = new NameTable(this.names, this.monitor.rejections, settings);
		this.tagNormalizer = new TagNormalizer(this.names, this.monitor.rejections);
		Set<String> keys = new TreeSet<>();
		List<Tag> defaults = new ArrayList<>();
		settings.defaultTags().forEach((key, value) -> {
			String normalized = this.names.normalize(key);
			if (normalized != null && keys.add(normalized) && value != null) {
				defaults.add(Tag.of(normalized, value));
			}
		});
		this.defaultKeys = Set.copyOf(keys);
		this.defaultTags = List.copyOf(defaults);
		this.consistentKeys = (settings.consistentTagKeys() != null) ? settings.consistentTagKeys()
				: TagKeyRule.requiresConsistentKeys(registry);
		listenForRegistrationFailures(registry);
	}

	/**
	 * A registry may refuse a meter without throwing (Micrometer's Prometheus registry
	 * before 1.17 refuses a second set of tag keys for a name and hands back a meter it
	 * never exports). Such refusals of the registrar's own meters are counted as registry
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

	/**
	 * The registry meters are registered in.
	 * @return the registry
	 */
	public MeterRegistry getRegistry() {
		return this.registry;
	}

	/**
	 * Whether every series of a name must carry the same tag keys here.
	 * @return {@code true} when a call with other keys than the name's is rejected
	 */
	public boolean requiresConsistentTagKeys() {
		return this.consistentKeys;
	}

	// ---------------------------------------------------------------- lookup (this package)

	/**
	 * Find or create the series for a name and tag map; {@code null} when rejected (the
	 * rejection is counted and logged).
	 */
	@Nullable Series series(String name, Kind kind, @Nullable String baseUnit, Map<String, ?> tags) {
		return series(name, kind, baseUnit, tags, null, false);
	}

	private @Nullable Series series(String name, Kind kind, @Nullable String baseUnit, Map<String, ?> tags,
			@Nullable String description, boolean percentileHistogram) {
		if (name == null) {
			this.monitor.rejections.reject(RejectionReason.INVALID_NAME, "A metric was given a null name");
			return null;
		}
		if (tags == null) {
			nullTags(name);
			return null;
		}
		NameEntry entry = this.nameTable.entry(name, kind, baseUnit, description, percentileHistogram);
		if (entry == null) {
			return null;
		}
		if (entry.kind != kind && !(kind == Kind.COUNTER && entry.kind == Kind.UP_DOWN)) {
			this.nameTable.conflict(entry, kind);
			return null;
		}
		if ((kind == Kind.SUMMARY || kind == Kind.BUSINESS) && !java.util.Objects.equals(baseUnit, entry.baseUnit)) {
			this.monitor.rejections.reject(RejectionReason.INVALID_UNIT,
					"Metric '%s' is recorded in %s; a value in %s was rejected", entry.name,
					(entry.baseUnit != null) ? entry.baseUnit : "plain counts",
					(baseUnit != null) ? baseUnit : "plain counts");
			return null;
		}
		Series series = entry.find(tags);
		if (series == null) {
			series = newTagMap(entry, tags);
			if (series == null) {
				return null;
			}
		}
		RejectionReason rejection = series.rejection();
		if (rejection != null) {
			this.monitor.rejections.count(rejection);
			return null;
		}
		return series;
	}

	/**
	 * The series of a tag map this name's table does not hold yet.
	 */
	private @Nullable Series newTagMap(NameEntry entry, Map<String, ?> raw) {
		if (entry.distinctSeries() >= this.settings.maxSeriesPerName() && this.tagNormalizer.isNormal(raw)) {
			// Every series sits in the table under its normal tags, so a normal map the
			// table does not hold is a new tag set: the overflow series takes it, with no
			// allocation and no lock.
			Map<String, ?> keyed = withNameKeys(entry, raw);
			if (keyed == null) {
				return null;
			}
			Series existing = (keyed != raw) ? entry.find(keyed) : null;
			return (existing != null) ? existing : overflow(entry, keyed);
		}
		TreeMap<String, String> normal = this.tagNormalizer.normalize(entry.name, raw);
		if (normal == null) {
			return null;
		}
		if (entry.tagKeys() != null) {
			Map<String, String> keyed = withNameKeys(entry, normal);
			if (keyed == null) {
				return null;
			}
			Series existing = entry.find(keyed);
			if (existing != null) {
				return remember(entry, raw, existing);
			}
			if (entry.distinctSeries() >= this.settings.maxSeriesPerName()) {
				return overflow(entry, keyed);
			}
		}
		synchronized (entry) {
			Map<String, String> keyed;
			if (entry.tagKeys() == null) {
				entry.fixKeys(withDefaultKeys(normal.keySet()));
			}
			keyed = withNameKeys(entry, normal);
			if (keyed == null) {
				return null;
			}
			Series existing = entry.find(keyed);
			if (existing == null) {
				if (entry.distinctSeries() >= this.settings.maxSeriesPerName()) {
					return overflow(entry, keyed);
				}
				existing = register(entry, keyed);
				entry.put(existing);
				entry.distinctAdded();
			}
			if (!existing.matches(raw) && entry.rawEntries() < rawTagMapLimit()) {
				existing = existing.rekey(raw);
				entry.put(existing);
			}
			return existing;
		}
	}

	private Series remember(NameEntry entry, Map<String, ?> raw, Series series) {
		if (entry.rawEntries() >= rawTagMapLimit()) {
			return series;
		}
		synchronized (entry) {
			Series known = entry.find(raw);
			if (known != null) {
				return known;
			}
			if (entry.rawEntries() < rawTagMapLimit()) {
				Series rekeyed = series.rekey(raw);
				entry.put(rekeyed);
				return rekeyed;
			}
			return series;
		}
	}

	private Set<String> withDefaultKeys(Set<String> keys) {
		if (this.defaultKeys.isEmpty()) {
			return keys;
		}
		Set<String> all = new TreeSet<>(keys);
		all.addAll(this.defaultKeys);
		return all;
	}

	/**
	 * The tags a series of this name records with: the given tags when their keys (with
	 * the default tag keys) are the name's; with missing declared keys valued
	 * {@value #MISSING_TAG_VALUE} where the name fills them; as given where keys need not
	 * match; else {@code null}, rejected as {@link RejectionReason#TAG_KEYS_MISMATCH}.
	 */
	@SuppressWarnings("unchecked")
	private <V> @Nullable Map<String, V> withNameKeys(NameEntry entry, Map<String, V> tags) {
		Set<String> fixed = entry.tagKeys();
		if (fixed == null) {
			// only a full name reaches here without a lock, and a full name has keys
			return tags;
		}
		Set<String> keys = withDefaultKeys(tags.keySet());
		if (fixed.equals(keys)) {
			return tags;
		}
		if (entry.fillsMissingKeys() && fixed.containsAll(keys)) {
			Map<String, V> filled = new TreeMap<>(tags);
			for (String key : fixed) {
				if (!keys.contains(key)) {
					filled.put(key, (V) MISSING_TAG_VALUE);
				}
			}
			return filled;
		}
		if (!this.consistentKeys) {
			return tags;
		}
		this.monitor.rejections.reject(RejectionReason.TAG_KEYS_MISMATCH,
				"Metric '%s' has the tag keys %s (fixed by %s), so tags with the keys %s were rejected: every series of "
						+ "a name needs the same keys (Micrometer's Prometheus registry before 1.17 drops the others); "
						+ "use another name or give every call the same keys",
				entry.name, fixed, entry.keysOrigin(), keys);
		return null;
	}

	private int rawTagMapLimit() {
		return Math.max(64, this.settings.maxSeriesPerName() * 4);
	}

	/**
	 * The overflow series of a name over its series limit: the name's tag keys, each
	 * valued {@value TagNormalizer#OVERFLOW_VALUE}. Created once; every later decision
	 * takes no lock.
	 */
	private Series overflow(NameEntry entry, Map<String, ?> dropped) {
		Series overflow = entry.overflowSeries();
		if (overflow == null) {
			synchronized (entry) {
				overflow = entry.overflowSeries();
				if (overflow == null) {
					Map<String, String> tags = new TreeMap<>();
					Set<String> keys = entry.tagKeys();
					for (String key : (keys != null) ? keys : Set.<String>of()) {
						if (!this.defaultKeys.contains(key)) {
							tags.put(key, TagNormalizer.OVERFLOW_VALUE);
						}
					}
					Series registered = register(entry, tags);
					overflow = (registered.rejection() != null) ? registered
							: new Series(Map.of(), entry.overflowRecordings, registered.meter());
					entry.overflowSeries(overflow);
					logger.warn("Metric '" + entry.name + "' reached its limit of " + this.settings.maxSeriesPerName()
							+ " series (bduf.metrics.cardinality.max-series-per-name); values for further tag sets go "
							+ "to one series whose tags read " + TagNormalizer.OVERFLOW_VALUE + ", and existing series "
							+ "keep counting. A tag with unbounded values (an id, a timestamp) is the usual cause: the "
							+ "collector endpoint lists samples of the dropped tag sets");
				}
			}
		}
		entry.dropped(dropped);
		return overflow;
	}

	/**
	 * Register a meter: the one place in the starter that does.
	 */
	private Series register(NameEntry entry, Map<String, String> tags) {
		String[] refusal = new String[1];
		this.registering.set(refusal);
		Series series;
		try {
			series = new Series(tags, null, registerMeter(entry, tags));
		}
		finally {
			this.registering.remove();
		}
		if (refusal[0] != null) {
			this.monitor.rejections.registryRefused(entry.name, refusal[0]);
			return new Series(tags, null, RejectionReason.REGISTRY_ERROR);
		}
		return series;
	}

	private Object registerMeter(NameEntry entry, Map<String, String> userTags) {
		List<Tag> list = new ArrayList<>(userTags.size() + this.defaultTags.size() + 1);
		userTags.forEach((key, value) -> list.add(Tag.of(key, value)));
		for (Tag tag : this.defaultTags) {
			if (!userTags.containsKey(tag.getKey())) {
				list.add(tag);
			}
		}
		Tags tags = Tags.of(list);
		if (entry.kind == Kind.BUSINESS) {
			tags = tags.and(BUSINESS_TAG, "true");
		}
		String name = entry.name;
		String description = entry.description;
		return switch (entry.kind) {
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
			case TIMER -> Timer.builder(name)
				.description(description)
				.tags(tags)
				.publishPercentileHistogram(entry.percentileHistogram ? Boolean.TRUE : null)
				.register(this.registry);
		};
	}

	/**
	 * Count an accepted recording of a series.
	 * @param series the series recorded
	 */
	void recorded(Series series) {
		LongAdder overflow = series.overflow;
		if (overflow == null) {
			this.monitor.recorded();
		}
		else {
			overflow.increment();
			this.monitor.overflowed();
		}
	}

	void nullTags(String name) {
		this.monitor.rejections.reject(RejectionReason.NULL_TAG, "Metric '%s' was given null tags", name);
	}

	@Nullable String normalizeName(String name) {
		return this.names.normalize(name);
	}

	// ---------------------------------------------------------------- public: other parts of the starter

	/**
	 * Declare the tag keys that series of a name will carry, before its first series: a
	 * tracked method declares its keys when its proxy is built, so methods sharing a
	 * name with different keys get one key set, the union, and each series fills the
	 * keys it lacks with {@value #MISSING_TAG_VALUE}. Keys declared after the name's first
	 * series must be within its key set; others are logged here, naming who fixed the
	 * key set, and the series with them are rejected as
	 * {@link RejectionReason#TAG_KEYS_MISMATCH} where keys must match.
	 * @param name the meter name
	 * @param keys the tag keys
	 * @param origin who declares them, for messages (e.g. {@code com.example.Orders.place})
	 */
	public void declareKeys(String name, Collection<String> keys, String origin) {
		String normalized = this.names.normalize(name);
		if (normalized == null) {
			return;
		}
		Set<String> normalizedKeys = new TreeSet<>();
		for (String key : keys) {
			String normalizedKey = this.names.normalize(key);
			if (normalizedKey != null) {
				normalizedKeys.add(normalizedKey);
			}
		}
		Set<String> outside = this.nameTable.declare(normalized, normalizedKeys, origin);
		if (outside != null) {
			NameEntry entry = this.nameTable.find(normalized);
			logger.warn(origin + " records '" + normalized + "' with the tag keys " + outside + ", which its series do "
					+ "not have: the keys of '" + normalized + "' were fixed by "
					+ ((entry != null) ? entry.keysOrigin() : "its first series") + " when it was first recorded"
					+ (this.consistentKeys ? ", so these calls are rejected (TAG_KEYS_MISMATCH)" : "")
					+ ". Give the method its own meter name, or declare the key on every method of the name");
		}
	}

	/**
	 * Resolve a timer series, record a duration to it and return it for later
	 * recordings. A refused series is returned too: recording through it counts the
	 * refusal each time.
	 * @param name the timer's name
	 * @param description the help text, used when the name is new
	 * @param percentileHistogram whether the name's timers publish a percentile
	 * histogram, when the name is new
	 * @param tags the series' tags
	 * @param nanos the first duration
	 * @return the series
	 */
	public Series recordTimer(String name, String description, boolean percentileHistogram,
			Map<String, String> tags, long nanos) {
		Series series = resolve(name, Kind.TIMER, null, tags, description, percentileHistogram);
		if (series.isRecording()) {
			recordNanos(series, nanos);
		}
		return series;
	}

	/**
	 * Resolve a counter series, add to it and return it for later recordings.
	 * @param name the counter's name
	 * @param description the help text, used when the name is new
	 * @param tags the series' tags
	 * @param amount the first amount
	 * @return the series
	 */
	public Series recordCounter(String name, String description, Map<String, String> tags, double amount) {
		Series series = resolve(name, Kind.COUNTER, null, tags, description, false);
		if (series.isRecording()) {
			increment(series, amount);
		}
		return series;
	}

	/**
	 * Resolve a distribution summary series, record to it and return it for later
	 * recordings.
	 * @param name the summary's name
	 * @param description the help text, used when the name is new
	 * @param baseUnit the base unit, or {@code null} for plain counts
	 * @param tags the series' tags
	 * @param amount the first value
	 * @return the series
	 */
	public Series recordSummary(String name, String description, @Nullable String baseUnit,
			Map<String, String> tags, double amount) {
		Series series = resolve(name, Kind.SUMMARY, baseUnit, tags, description, false);
		if (series.isRecording()) {
			record(series, amount);
		}
		return series;
	}

	private Series resolve(String name, Kind kind, @Nullable String baseUnit, Map<String, String> tags,
			String description, boolean percentileHistogram) {
		Series series = series(name, kind, baseUnit, tags, description, percentileHistogram);
		// the rejection is counted; the handle counts each later use as the same reason
		return (series != null) ? series
				: Series.rejected(this.monitor.rejections.lastOnThisThread(RejectionReason.INVALID_METRIC));
	}

	/**
	 * Record a duration through a series handle; a refused handle counts a rejection.
	 * Never throws.
	 * @param series the handle
	 * @param nanos the duration, zero or more
	 */
	public void recordNanos(Series series, long nanos) {
		if (accept(series)) {
			try {
				series.recordNanos(nanos);
				recorded(series);
			}
			catch (RuntimeException ex) {
				registryError(series, ex);
			}
		}
	}

	/**
	 * Add to a counter through a series handle. Never throws.
	 * @param series the handle
	 * @param amount the amount, zero or more
	 */
	public void increment(Series series, double amount) {
		if (accept(series)) {
			try {
				series.add(amount);
				recorded(series);
			}
			catch (RuntimeException ex) {
				registryError(series, ex);
			}
		}
	}

	/**
	 * Record a value to a distribution summary through a series handle. Never throws.
	 * @param series the handle
	 * @param amount the value, zero or more
	 */
	public void record(Series series, double amount) {
		if (accept(series)) {
			try {
				series.record(amount);
				recorded(series);
			}
			catch (RuntimeException ex) {
				registryError(series, ex);
			}
		}
	}

	private boolean accept(Series series) {
		RejectionReason rejection = series.rejection();
		if (rejection == null) {
			return true;
		}
		this.monitor.rejections.count(rejection);
		return false;
	}

	private void registryError(Series series, RuntimeException ex) {
		String name = (series.meter() instanceof Meter meter) ? meter.getId().getName() : "a series";
		this.monitor.rejections.registryError(name, ex);
	}

	// ---------------------------------------------------------------- the collector's own meters

	/**
	 * Register the collector's own statistics as meters, so that they are scraped and
	 * charted like any other: function counters {@code bduf.collector.attempted},
	 * {@code bduf.collector.recorded}, {@code bduf.collector.rejected} (tag
	 * {@code reason}, one series per {@link RejectionReason}) and
	 * {@code bduf.collector.overflowed}; gauges {@code bduf.collector.names},
	 * {@code bduf.collector.series} and {@code bduf.collector.timers.open}. They read the
	 * counts the statistics read, when the registry is scraped; nothing is added to the
	 * recording path. Calling it again does nothing more.
	 */
	public synchronized void bindCollectorMeters() {
		if (this.collectorMetersBound) {
			return;
		}
		this.collectorMetersBound = true;
		CollectorMonitor monitor = this.monitor;
		FunctionCounter.builder("bduf.collector.attempted", monitor,
				(m) -> m.recordedCount() + m.rejections.total())
			.description("Recordings offered to the collector, accepted or rejected")
			.register(this.registry);
		FunctionCounter.builder("bduf.collector.recorded", monitor, CollectorMonitor::recordedCount)
			.description("Recordings the collector accepted, overflowed ones included")
			.register(this.registry);
		for (RejectionReason reason : RejectionReason.values()) {
			FunctionCounter.builder("bduf.collector.rejected", monitor, (m) -> m.rejections.countOf(reason))
				.description("Recordings the collector rejected, by reason")
				.tag("reason", reason.name())
				.register(this.registry);
		}
		FunctionCounter.builder("bduf.collector.overflowed", monitor, CollectorMonitor::overflowedCount)
			.description("Recordings that went to a name's overflow series (cardinality cap reached)")
			.register(this.registry);
		Gauge.builder("bduf.collector.names", this.nameTable, (table) -> table.entries().size())
			.description("Meter names the collector holds")
			.register(this.registry);
		Gauge.builder("bduf.collector.series", this.nameTable, SeriesRegistrar::seriesCount)
			.description("Series the collector holds over all its names")
			.register(this.registry);
		Gauge.builder("bduf.collector.timers.open", monitor, CollectorMonitor::timersOpen)
			.description("Timer handles started and not yet stopped or cancelled")
			.register(this.registry);
	}

	private static double seriesCount(NameTable table) {
		long series = 0;
		for (NameEntry entry : table.entries()) {
			series += entry.seriesCount();
		}
		return series;
	}

	// ---------------------------------------------------------------- stats and health

	/**
	 * The collector's statistics over every name of the series layer.
	 * @param topNames how many names {@link CollectorStats#seriesPerName()} lists, largest
	 * first
	 * @return the statistics
	 */
	public CollectorStats stats(int topNames) {
		// each count is read once: sorting on live counts that other threads change can break
		// the sort's contract ("Comparison method violates its general contract!")
		record Counted(NameEntry entry, int count) {
		}
		List<Counted> entries = new ArrayList<>();
		this.nameTable.entries().forEach((entry) -> entries.add(new Counted(entry, entry.seriesCount())));
		entries.sort(Comparator.comparingInt(Counted::count).reversed().thenComparing((c) -> c.entry().name));
		Map<String, Integer> seriesPerName = new LinkedHashMap<>();
		Map<String, CollectorStats.Overflow> overflow = new LinkedHashMap<>();
		int series = 0;
		for (Counted counted : entries) {
			NameEntry entry = counted.entry();
			series += counted.count();
			if (seriesPerName.size() < topNames) {
				seriesPerName.put(entry.name, counted.count());
			}
			CollectorStats.Overflow lost = entry.overflowStats();
			if (lost != null) {
				overflow.put(entry.name, lost);
			}
		}
		Rejections rejections = this.monitor.rejections;
		return new CollectorStats(this.monitor.since, this.monitor.recordedCount(), rejections.total(),
				rejections.byReason(), this.monitor.overflowedCount(), entries.size(), series, seriesPerName, overflow,
				this.monitor.timersOpen());
	}

	/**
	 * What the series layer knows of one name.
	 * @param name the name, as recorded or normalised
	 * @return the name's statistics, or {@code null} for a name it does not hold
	 */
	public CollectorStats.@Nullable NameStats nameStats(String name) {
		String normalized = (name != null) ? this.names.normalize(name) : null;
		NameEntry entry = (normalized != null) ? this.nameTable.find(normalized) : null;
		if (entry == null) {
			return null;
		}
		Set<String> keys = entry.tagKeys();
		return new CollectorStats.NameStats(entry.name, entry.kind.description(), entry.baseUnit,
				(keys != null) ? List.copyOf(keys) : List.of(), entry.seriesCount(), entry.overflowStats());
	}

	/**
	 * Take a health sample without judging it.
	 */
	public void sampleHealth() {
		this.monitor.sampleHealth();
	}

	/**
	 * The collector's health over its window.
	 * @return the health
	 */
	public CollectorHealth health() {
		return this.monitor.health();
	}

	/**
	 * The settings the registrar runs with.
	 * @return the settings
	 */
	public CollectorSettings settings() {
		return this.settings;
	}

}
