package dev.bduf.metrics.collector;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.bduf.metrics.CollectorStats;
import org.jspecify.annotations.Nullable;

/**
 * Everything the collector knows about one normalised name: its kind, its series, its
 * tag keys and what overflowed its series limit.
 * <p>
 * Series are found by the caller's own tag map in an open-addressing table that is
 * replaced, never changed, when a series is added: a lookup reads one volatile field,
 * hashes the map and compares entries, without a lock and without allocating. Writers
 * synchronise on the entry; they run only when a series is created (at most the series
 * limit per name) or a new spelling of an existing series' tags is remembered (bounded).
 * Past the series limit nothing takes the lock: new tag sets go to the overflow series,
 * which exists once, and the dropped sets are counted lock-free.
 */
final class NameEntry {

	final String name;

	final Kind kind;

	/** Base unit fixed by the first recording of a summary, or null for none. */
	final @Nullable String baseUnit;

	/** Help text of the name's meters, one string shared by all its series. */
	final String description;

	/** Whether timers of this name publish a percentile histogram. */
	final boolean percentileHistogram;

	private volatile Series[] table = new Series[8];

	private volatile int rawEntries;

	/** Distinct series, not counting the overflow series; written under this entry's lock. */
	private volatile int distinct;

	private volatile @Nullable Series overflowSeries;

	final LongAdder overflowRecordings = new LongAdder();

	/** Tag sets refused a series; created with the overflow series, as it costs a few KB. */
	private volatile @Nullable DroppedTagSets dropped;

	final AtomicBoolean conflictLogged = new AtomicBoolean();

	/**
	 * Tag keys of every series of the name (default tag keys included), fixed by its first
	 * series; null until then. Written under this entry's lock.
	 */
	private volatile @Nullable Set<String> tagKeys;

	/** Who declared the tag keys first, for messages: a method; null for none. */
	private volatile @Nullable String keysOrigin;

	/** Keys declared before the first series (tracked methods sharing the name), with their origin. */
	private final Map<String, String> declaredKeys = new LinkedHashMap<>();

	/** Whether missing declared keys are filled with {@value SeriesRegistrar#MISSING_TAG_VALUE}. */
	private volatile boolean fillMissing;

	NameEntry(String name, Kind kind, @Nullable String baseUnit, String description, boolean percentileHistogram) {
		this.name = name;
		this.description = description;
		this.kind = kind;
		this.baseUnit = baseUnit;
		this.percentileHistogram = percentileHistogram;
	}

	/**
	 * Find the series for a tag map seen before.
	 * @param tags the caller's tag map
	 * @return the series, or {@code null} when this map has not been seen
	 */
	@Nullable Series find(Map<String, ?> tags) {
		int hash = tags.hashCode();
		Series[] t = this.table;
		int mask = t.length - 1;
		for (int i = spread(hash) & mask;; i = (i + 1) & mask) {
			Series series = t[i];
			if (series == null) {
				return null;
			}
			if (series.hash == hash) {
				if (series.identity == tags) {
					return series;
				}
				if (series.matches(tags)) {
					if (series.identity == null && Series.isImmutable(tags)) {
						// an immutable map reused by its caller (a constant, a field) is then
						// recognised by identity, without comparing its entries
						series.identity = tags;
					}
					return series;
				}
			}
		}
	}

	/**
	 * Add a series under the tag map it was looked up with. Callers hold this entry's
	 * lock.
	 * @param series the series
	 */
	void put(Series series) {
		Series[] old = this.table;
		Series[] t;
		if ((this.rawEntries + 1) * 2 > old.length) {
			t = new Series[old.length * 2];
			for (Series s : old) {
				if (s != null) {
					insert(t, s);
				}
			}
		}
		else {
			t = old.clone();
		}
		insert(t, series);
		this.rawEntries++;
		this.table = t;
	}

	int rawEntries() {
		return this.rawEntries;
	}

	void distinctAdded() {
		this.distinct++;
	}

	int distinctSeries() {
		return this.distinct;
	}

	private static void insert(Series[] t, Series series) {
		int mask = t.length - 1;
		int i = spread(series.hash) & mask;
		while (t[i] != null) {
			i = (i + 1) & mask;
		}
		t[i] = series;
	}

	private static int spread(int hash) {
		return (hash ^ (hash >>> 16)) * 0x9E3779B9;
	}

	@Nullable Series overflowSeries() {
		return this.overflowSeries;
	}

	/**
	 * Publish the overflow series, with the count of dropped tag sets it starts.
	 * @param series the overflow series
	 */
	void overflowSeries(Series series) {
		this.dropped = new DroppedTagSets();
		this.overflowSeries = series;
	}

	/**
	 * Count a tag set refused a series; only called once the overflow series exists.
	 * @param tags the tag set
	 */
	void dropped(Map<String, ?> tags) {
		DroppedTagSets sets = this.dropped;
		if (sets != null) {
			sets.add(tags);
		}
	}

	@Nullable Set<String> tagKeys() {
		return this.tagKeys;
	}

	String keysOrigin() {
		String origin = this.keysOrigin;
		return (origin != null) ? origin : "its first series";
	}

	boolean fillsMissingKeys() {
		return this.fillMissing;
	}

	/**
	 * Fix the name's tag keys: those of its first series, plus every key declared before.
	 * Callers hold this entry's lock.
	 * @param keys the first series' keys
	 * @return the fixed keys
	 */
	Set<String> fixKeys(Set<String> keys) {
		Set<String> fixed = new TreeSet<>(keys);
		fixed.addAll(this.declaredKeys.keySet());
		this.tagKeys = Collections.unmodifiableSet(fixed);
		return this.tagKeys;
	}

	/**
	 * Declare keys that series of this name will carry (a tracked method's keys). Before
	 * the name's first series they join its key set; after it, they must be within it.
	 * Callers hold this entry's lock.
	 * @param keys the keys
	 * @param origin who declares them
	 * @return {@code null} when accepted, else the keys outside the fixed key set
	 */
	@Nullable Set<String> declare(Collection<String> keys, String origin) {
		this.fillMissing = true;
		Set<String> fixed = this.tagKeys;
		if (fixed == null) {
			for (String key : keys) {
				this.declaredKeys.putIfAbsent(key, origin);
			}
			if (this.keysOrigin == null) {
				this.keysOrigin = origin;
			}
			return null;
		}
		Set<String> outside = new TreeSet<>(keys);
		outside.removeAll(fixed);
		return outside.isEmpty() ? null : outside;
	}

	int seriesCount() {
		return this.distinct + ((this.overflowSeries != null) ? 1 : 0);
	}

	CollectorStats.@Nullable Overflow overflowStats() {
		DroppedTagSets sets = this.dropped;
		if (this.overflowSeries == null || sets == null) {
			return null;
		}
		return new CollectorStats.Overflow(this.overflowRecordings.sum(), sets.count(), sets.samples());
	}

}
