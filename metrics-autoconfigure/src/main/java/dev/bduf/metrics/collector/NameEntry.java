package dev.bduf.metrics.collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.bduf.metrics.CollectorStats;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * Everything the collector knows about one normalised name: its kind, its series and
 * what overflowed its series limit.
 * <p>
 * Series are found by the caller's own tag map in an open-addressing table that is
 * replaced, never changed, when a series is added: a lookup reads one volatile field,
 * hashes the map and compares entries, without a lock and without allocating. Writers
 * synchronise on the entry; they only run the first time a tag map is seen.
 */
final class NameEntry {

	private static final int SAMPLE_LIMIT = 10;

	final String name;

	final Kind kind;

	/** Base unit fixed by the first recording of a summary, or null for none. */
	final @Nullable String baseUnit;

	private volatile Series[] table = new Series[8];

	private int rawEntries;

	/** Distinct series, not counting the overflow series; written under this entry's lock. */
	private volatile int distinct;

	private volatile @Nullable Series overflowSeries;

	final LongAdder overflowRecordings = new LongAdder();

	private final ConcurrentHashMap<Tags, Boolean> dropped = new ConcurrentHashMap<>();

	private final AtomicLong droppedTagSets = new AtomicLong();

	private final List<Map<String, String>> droppedSamples = new ArrayList<>();

	final java.util.concurrent.atomic.AtomicBoolean conflictLogged = new java.util.concurrent.atomic.AtomicBoolean();

	/** Normalised user tag keys, fixed by the first series; guarded by this entry's lock. */
	@Nullable Set<String> tagKeys;

	/** Help text of the name's meters, one string shared by all its series. */
	final String description;

	NameEntry(String name, Kind kind, @Nullable String baseUnit) {
		this.name = name;
		this.description = name + ": " + kind.description() + " recorded through the BDUF Metrics collector";
		this.kind = kind;
		this.baseUnit = baseUnit;
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
			if (series.hash == hash && series.matches(tags)) {
				return series;
			}
		}
	}

	/**
	 * Remember which series a raw tag map resolves to, up to a limit of raw maps. Callers
	 * hold this entry's lock.
	 * @param series the series, keyed by the raw map it was created or re-keyed for
	 * @param limit how many raw maps to remember at most
	 */
	void remember(Series series, int limit) {
		if (this.rawEntries < limit) {
			put(series);
		}
	}

	/**
	 * Add a distinct series, keyed by its normalised tags, which every later tag map
	 * that normalises alike resolves to. Callers hold this entry's lock.
	 * @param series the new series
	 */
	void addDistinct(Series series) {
		put(series);
		this.distinct++;
	}

	/**
	 * Replace series in place: each slot keeps its tag map, so lookups find the
	 * replacement where they found the original. Callers hold this entry's lock.
	 * @param replace gives each series' replacement (or the series itself)
	 */
	void replaceAll(java.util.function.UnaryOperator<Series> replace) {
		Series[] t = this.table.clone();
		for (int i = 0; i < t.length; i++) {
			if (t[i] != null) {
				t[i] = replace.apply(t[i]);
			}
		}
		this.table = t;
	}

	/**
	 * The distinct series, each under its normalised tags.
	 * @return the canonical series
	 */
	List<Series> canonicalSeries() {
		List<Series> result = new ArrayList<>();
		for (Series series : this.table) {
			if (series != null && series.canonical) {
				result.add(series);
			}
		}
		return result;
	}

	int distinctSeries() {
		return this.distinct;
	}

	private void put(Series series) {
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

	void overflowSeries(Series series) {
		this.overflowSeries = series;
	}

	/**
	 * Count a tag set refused a series of its own. Distinct sets are told apart up to
	 * {@code limit}; past that every refusal counts, so the count is an upper bound.
	 * Callers hold this entry's lock.
	 * @param tags the refused tags
	 * @param limit how many distinct refused sets to remember
	 */
	void dropped(Tags tags, int limit) {
		if (this.dropped.size() < limit) {
			if (this.dropped.putIfAbsent(tags, Boolean.TRUE) != null) {
				return;
			}
			if (this.droppedSamples.size() < SAMPLE_LIMIT) {
				java.util.LinkedHashMap<String, String> sample = new java.util.LinkedHashMap<>();
				for (Tag tag : tags) {
					sample.put(tag.getKey(), tag.getValue());
				}
				this.droppedSamples.add(sample);
			}
		}
		this.droppedTagSets.incrementAndGet();
	}

	int seriesCount() {
		return this.distinct + ((this.overflowSeries != null) ? 1 : 0);
	}

	synchronized CollectorStats.@Nullable Overflow overflowStats() {
		if (this.overflowSeries == null) {
			return null;
		}
		return new CollectorStats.Overflow(this.overflowRecordings.sum(), this.droppedTagSets.get(),
				this.droppedSamples);
	}

}
