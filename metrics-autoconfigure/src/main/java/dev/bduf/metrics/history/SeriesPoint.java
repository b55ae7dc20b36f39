package dev.bduf.metrics.history;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The values of one series (a meter name and its tags) over one step. A value that does
 * not apply to the kind, or is not known, is {@code NaN}.
 * <table>
 * <caption>What the values hold per kind</caption>
 * <tr><th>kind</th><th>count</th><th>sum</th><th>min / max</th><th>last</th><th>sketch</th></tr>
 * <tr><td>{@link MeterKind#COUNTER}</td><td>samples taken</td><td>increase over the
 * step</td><td>smallest / largest increase of one raw step</td><td>cumulative total at
 * the end</td><td>none</td></tr>
 * <tr><td>{@link MeterKind#GAUGE}, {@link MeterKind#OTHER}</td><td>samples
 * taken</td><td>sum of the samples</td><td>smallest / largest sample</td><td>last
 * sample</td><td>none</td></tr>
 * <tr><td>{@link MeterKind#TIMER}, {@link MeterKind#SUMMARY}</td><td>events</td><td>total
 * of the events (seconds for timers)</td><td>NaN / largest event</td><td>NaN</td><td>the
 * events' distribution, when the meter publishes a histogram</td></tr>
 * <tr><td>{@link MeterKind#LONG_TASK_TIMER}</td><td>samples taken</td><td>sum of the
 * active-task samples</td><td>smallest / largest active tasks</td><td>total duration of
 * the active tasks at the end, seconds</td><td>none</td></tr>
 * </table>
 *
 * @param name the meter name, as registered
 * @param kind what kind of meter it was taken from
 * @param baseUnit the meter's base unit, {@code null} when it has none
 * @param tags the meter's tags, sorted by key
 * @param count events (timers, summaries) or samples (the others); never negative
 * @param sum see the table
 * @param min see the table
 * @param max see the table
 * @param last see the table
 * @param sketch the distribution of the events, {@code null} when not known
 */
public record SeriesPoint(String name, MeterKind kind, @Nullable String baseUnit, SortedMap<String, String> tags,
		long count, double sum, double min, double max, double last, @Nullable Sketch sketch) {

	/**
	 * Validate and copy.
	 * @param name the meter name, not blank
	 * @param kind the kind
	 * @param baseUnit the base unit or {@code null}
	 * @param tags the tags
	 * @param count events or samples, not negative
	 * @param sum see the table
	 * @param min see the table
	 * @param max see the table
	 * @param last see the table
	 * @param sketch the distribution, or {@code null}
	 */
	public SeriesPoint {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(tags, "tags");
		if (name.isBlank()) {
			throw new IllegalArgumentException("name must not be blank");
		}
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative: " + count);
		}
		tags = sortedCopy(tags);
	}

	/**
	 * A point with tags in any map; they are copied sorted.
	 * @param name the meter name, not blank
	 * @param kind the kind
	 * @param baseUnit the base unit or {@code null}
	 * @param tags the tags
	 * @param count events or samples, not negative
	 * @param sum see the table
	 * @param min see the table
	 * @param max see the table
	 * @param last see the table
	 * @param sketch the distribution, or {@code null}
	 */
	public SeriesPoint(String name, MeterKind kind, @Nullable String baseUnit, Map<String, String> tags, long count,
			double sum, double min, double max, double last, @Nullable Sketch sketch) {
		this(name, kind, baseUnit, sortedCopy(tags), count, sum, min, max, last, sketch);
	}

	/**
	 * A counter's increase over one step.
	 * @param name the meter name
	 * @param baseUnit the base unit or {@code null}
	 * @param tags the tags
	 * @param increase the increase, not negative
	 * @param total the cumulative total at the end of the step
	 * @return the point
	 */
	public static SeriesPoint counter(String name, @Nullable String baseUnit, Map<String, String> tags,
			double increase, double total) {
		return new SeriesPoint(name, MeterKind.COUNTER, baseUnit, sortedCopy(tags), 1, increase, increase, increase,
				total, null);
	}

	/**
	 * One sample of a gauge.
	 * @param name the meter name
	 * @param baseUnit the base unit or {@code null}
	 * @param tags the tags
	 * @param value the sample
	 * @return the point
	 */
	public static SeriesPoint gauge(String name, @Nullable String baseUnit, Map<String, String> tags, double value) {
		return new SeriesPoint(name, MeterKind.GAUGE, baseUnit, sortedCopy(tags), 1, value, value, value, value, null);
	}

	/**
	 * The events of a timer or distribution summary over one step.
	 * @param name the meter name
	 * @param kind {@link MeterKind#TIMER} or {@link MeterKind#SUMMARY}
	 * @param baseUnit the base unit or {@code null}
	 * @param tags the tags
	 * @param count the events
	 * @param total the total of the events
	 * @param max the largest event, or NaN
	 * @param sketch their distribution, or {@code null}
	 * @return the point
	 */
	public static SeriesPoint distribution(String name, MeterKind kind, @Nullable String baseUnit,
			Map<String, String> tags, long count, double total, double max, @Nullable Sketch sketch) {
		return new SeriesPoint(name, kind, baseUnit, sortedCopy(tags), count, total, Double.NaN, max, Double.NaN,
				sketch);
	}

	private static SortedMap<String, String> sortedCopy(Map<String, String> tags) {
		if (tags instanceof UnmodifiableSorted sorted) {
			return sorted;
		}
		return new UnmodifiableSorted(tags);
	}

	/**
	 * The mean of the samples or events: {@code sum / count}, NaN when there are none.
	 * @return the mean
	 */
	public double mean() {
		return (this.count > 0) ? this.sum / this.count : Double.NaN;
	}

	/**
	 * A sorted, unmodifiable copy of the tags that a later point can share without
	 * copying it again.
	 */
	private static final class UnmodifiableSorted extends AbstractMap<String, String>
			implements SortedMap<String, String> {

		private final SortedMap<String, String> view;

		UnmodifiableSorted(Map<String, String> tags) {
			this.view = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
		}

		@Override
		public Set<Entry<String, String>> entrySet() {
			return this.view.entrySet();
		}

		@Override
		public int size() {
			return this.view.size();
		}

		@Override
		public @Nullable String get(Object key) {
			return this.view.get(key);
		}

		@Override
		public boolean containsKey(Object key) {
			return this.view.containsKey(key);
		}

		@Override
		public @Nullable Comparator<? super String> comparator() {
			return null;
		}

		@Override
		public SortedMap<String, String> subMap(String fromKey, String toKey) {
			return this.view.subMap(fromKey, toKey);
		}

		@Override
		public SortedMap<String, String> headMap(String toKey) {
			return this.view.headMap(toKey);
		}

		@Override
		public SortedMap<String, String> tailMap(String fromKey) {
			return this.view.tailMap(fromKey);
		}

		@Override
		public String firstKey() {
			return this.view.firstKey();
		}

		@Override
		public String lastKey() {
			return this.view.lastKey();
		}

		@Override
		public Set<String> keySet() {
			return this.view.keySet();
		}

		@Override
		public Collection<String> values() {
			return this.view.values();
		}

	}

}
