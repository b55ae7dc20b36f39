package dev.bduf.metrics.collector;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import dev.bduf.metrics.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * One series of a name, as the {@link SeriesRegistrar} hands it out: the tag map it was
 * looked up with, as a private copy of its entries, and what it records to: a Micrometer
 * {@link Counter}, {@link DistributionSummary} or {@link Timer}, the {@link DoubleAdder}
 * an up-down counter's gauge reads, or the {@link GaugeValue} a gauge reads. A series
 * the registrar refused records nothing and holds the reason instead.
 * <p>
 * Callers outside this package hold a series as an opaque handle and record through the
 * registrar ({@link SeriesRegistrar#recordNanos(Series, long)} and its siblings), which
 * counts every recording. Kept small: the collector holds one per series, beside
 * Micrometer's own meter.
 */
public final class Series {

	/** Keys and values of the tag map, interleaved: k0, v0, k1, v1, ... */
	private final Object[] pairs;

	final int hash;

	/** The name's overflow recording count when this is its overflow series, else null. */
	final @Nullable LongAdder overflow;

	/**
	 * What this series records to, or the {@link RejectionReason} it was refused for.
	 */
	private final Object meter;

	/**
	 * An immutable tag map known to equal this series' tags, compared by identity before
	 * the entries are; set once, racily, which is safe since the map never changes.
	 */
	@Nullable Object identity;

	private static final Class<?> MAP_OF_ONE = Map.of("k", "v").getClass();

	private static final Class<?> MAP_OF_N = Map.of("k", "v", "l", "w").getClass();

	private static final Class<?> EMPTY_MAP_OF = Map.of().getClass();

	private static final Class<?> SINGLETON_MAP = Collections.singletonMap("k", "v").getClass();

	private static final Class<?> EMPTY_MAP = Collections.emptyMap().getClass();

	Series(Map<String, ?> tags, @Nullable LongAdder overflow, Object meter) {
		this.pairs = new Object[tags.size() * 2];
		int i = 0;
		for (Map.Entry<String, ?> entry : tags.entrySet()) {
			this.pairs[i++] = entry.getKey();
			this.pairs[i++] = entry.getValue();
		}
		this.hash = tags.hashCode();
		this.overflow = overflow;
		this.meter = meter;
	}

	private Series(Series series, Map<String, ?> tags) {
		this(tags, series.overflow, series.meter);
	}

	/**
	 * Whether a map can never change: those of {@code Map.of}, {@code Map.copyOf},
	 * {@code Collections.singletonMap} and {@code Collections.emptyMap} (not an
	 * unmodifiable view, whose backing map may change).
	 * @param tags a tag map
	 * @return {@code true} when its entries are fixed for good
	 */
	static boolean isImmutable(Map<String, ?> tags) {
		Class<?> type = tags.getClass();
		return type == MAP_OF_N || type == MAP_OF_ONE || type == EMPTY_MAP_OF || type == SINGLETON_MAP
				|| type == EMPTY_MAP;
	}

	static Series rejected(RejectionReason reason) {
		return new Series(Map.of(), null, reason);
	}

	/**
	 * The same series, keyed by another raw tag map.
	 * @param tags the other tag map
	 * @return a series sharing this one's meter
	 */
	Series rekey(Map<String, ?> tags) {
		return new Series(this, tags);
	}

	/**
	 * The reason this series was refused.
	 * @return the reason, or {@code null} when it records
	 */
	@Nullable RejectionReason rejection() {
		return (this.meter instanceof RejectionReason reason) ? reason : null;
	}

	/**
	 * Whether this series records (the registrar did not refuse it).
	 * @return {@code true} when recordings reach a meter
	 */
	public boolean isRecording() {
		return !(this.meter instanceof RejectionReason);
	}

	Object meter() {
		return this.meter;
	}

	/**
	 * Whether a tag map holds exactly the entries this series was looked up with.
	 * Allocates nothing.
	 * @param tags a tag map whose hash code equals {@link #hash}
	 * @return whether the maps are equal
	 */
	boolean matches(Map<String, ?> tags) {
		Object[] p = this.pairs;
		if (tags.size() * 2 != p.length) {
			return false;
		}
		for (int i = 0; i < p.length; i += 2) {
			Object value = tags.get(p[i]);
			if (value == null || !value.equals(p[i + 1])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Add to a counter or an up-down counter.
	 * @param amount the amount, negative only for an up-down counter
	 */
	void add(double amount) {
		if (this.meter instanceof DoubleAdder adder) {
			adder.add(amount);
		}
		else {
			((Counter) this.meter).increment(amount);
		}
	}

	void set(double value) {
		((GaugeValue) this.meter).set(value);
	}

	void record(double amount) {
		((DistributionSummary) this.meter).record(amount);
	}

	void recordNanos(long nanos) {
		((Timer) this.meter).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Nullable Counter counter() {
		return (this.meter instanceof Counter counter) ? counter : null;
	}

	/**
	 * A counter's or up-down counter's total.
	 * @return the total
	 */
	double count() {
		if (this.meter instanceof DoubleAdder adder) {
			return adder.sum();
		}
		return (this.meter instanceof Counter counter) ? counter.count() : 0;
	}

	/**
	 * The value a gauge reads; Micrometer holds it strongly, so it never turns into NaN
	 * while the application runs.
	 */
	static final class GaugeValue {

		private volatile double value;

		double get() {
			return this.value;
		}

		void set(double value) {
			this.value = value;
		}

	}

}
