package dev.bduf.metrics.collector;

import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * One series of a name: the tag map it was looked up with, as a private copy of its
 * entries, and what it records to: a Micrometer {@link Counter},
 * {@link DistributionSummary} or {@link Timer}, the {@link DoubleAdder} an up-down
 * counter's gauge reads, or the {@link GaugeValue} a gauge reads. Kept small: the
 * collector holds one per series, beside Micrometer's own meter.
 */
final class Series {

	/** Keys and values of the tag map, interleaved: k0, v0, k1, v1, ... */
	private final Object[] pairs;

	final int hash;

	/** The name's overflow recording count when this is its overflow series, else null. */
	final @Nullable LongAdder overflow;

	/** What this series records to; null when the registry refused the meter. */
	private final @Nullable Object meter;

	/** Whether the tag map is the normalised one the meter was registered with. */
	final boolean canonical;

	private Series(Series series, @Nullable Object meter) {
		this.pairs = series.pairs;
		this.hash = series.hash;
		this.overflow = series.overflow;
		this.canonical = series.canonical;
		this.meter = meter;
	}

	Series(Map<String, ?> tags, @Nullable LongAdder overflow, @Nullable Object meter) {
		this(tags, overflow, meter, false);
	}

	Series(Map<String, ?> tags, @Nullable LongAdder overflow, @Nullable Object meter, boolean canonical) {
		this.canonical = canonical;
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

	static Series refused(Map<String, ?> tags) {
		return new Series(tags, null, null);
	}

	/**
	 * The same series, keyed by another raw tag map.
	 * @param tags the other tag map
	 * @return a series sharing this one's meter
	 */
	Series rekey(Map<String, ?> tags) {
		return new Series(tags, this.overflow, this.meter);
	}

	/**
	 * The same tag map recording to another meter.
	 * @param meter the other meter
	 * @return the new series
	 */
	Series withMeter(@Nullable Object meter) {
		return new Series(this, meter);
	}

	@Nullable Object meter() {
		return this.meter;
	}

	/**
	 * The tags of a canonical series.
	 * @return its normalised tags
	 */
	io.micrometer.core.instrument.Tags tags() {
		io.micrometer.core.instrument.Tags tags = io.micrometer.core.instrument.Tags.empty();
		for (int i = 0; i < this.pairs.length; i += 2) {
			tags = tags.and((String) this.pairs[i], (String) this.pairs[i + 1]);
		}
		return tags;
	}

	boolean refused() {
		return this.meter == null;
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
		((Timer) this.meter).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

	@Nullable Counter counter() {
		return (this.meter instanceof Counter counter) ? counter : null;
	}

	/**
	 * A counter's or up-down counter's total.
	 * @return the total
	 */
	double count() {
		return (this.meter instanceof DoubleAdder adder) ? adder.sum() : ((Counter) this.meter).count();
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
