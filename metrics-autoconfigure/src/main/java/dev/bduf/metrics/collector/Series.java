package dev.bduf.metrics.collector;

import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * One series of a name: the tag map it was first looked up with, as a private copy, and
 * the Micrometer meter (or the value an up-down counter or gauge reads) it records to.
 * Exactly one of the meter fields is set.
 */
final class Series {

	private final String[] keys;

	private final Object[] values;

	final int hash;

	/** The name's overflow recording count when this is its overflow series, else null. */
	final @Nullable LongAdder overflow;

	final @Nullable Counter counter;

	final @Nullable DistributionSummary summary;

	final @Nullable Timer timer;

	final @Nullable DoubleAdder upDown;

	final @Nullable GaugeValue gauge;

	/** Whether the registry refused the meter: recordings are rejected, not lost silently. */
	final boolean refused;

	private Series(Map<String, ?> tags, @Nullable LongAdder overflow, @Nullable Counter counter,
			@Nullable DistributionSummary summary, @Nullable Timer timer, @Nullable DoubleAdder upDown,
			@Nullable GaugeValue gauge) {
		this.keys = new String[tags.size()];
		this.values = new Object[tags.size()];
		int i = 0;
		for (Map.Entry<String, ?> entry : tags.entrySet()) {
			this.keys[i] = entry.getKey();
			this.values[i] = entry.getValue();
			i++;
		}
		this.hash = tags.hashCode();
		this.overflow = overflow;
		this.counter = counter;
		this.summary = summary;
		this.timer = timer;
		this.upDown = upDown;
		this.gauge = gauge;
		this.refused = counter == null && summary == null && timer == null && upDown == null && gauge == null;
	}

	static Series refused(Map<String, ?> tags) {
		return new Series(tags, null, null, null, null, null, null);
	}

	static Series counter(Map<String, ?> tags, @Nullable LongAdder overflow, Counter counter) {
		return new Series(tags, overflow, counter, null, null, null, null);
	}

	static Series summary(Map<String, ?> tags, @Nullable LongAdder overflow, DistributionSummary summary) {
		return new Series(tags, overflow, null, summary, null, null, null);
	}

	static Series timer(Map<String, ?> tags, @Nullable LongAdder overflow, Timer timer) {
		return new Series(tags, overflow, null, null, timer, null, null);
	}

	static Series upDown(Map<String, ?> tags, @Nullable LongAdder overflow, DoubleAdder upDown) {
		return new Series(tags, overflow, null, null, null, upDown, null);
	}

	static Series gauge(Map<String, ?> tags, @Nullable LongAdder overflow, GaugeValue gauge) {
		return new Series(tags, overflow, null, null, null, null, gauge);
	}

	/**
	 * The same series, keyed by another raw tag map.
	 * @param tags the other tag map
	 * @return a series sharing this one's meter
	 */
	Series rekey(Map<String, ?> tags) {
		return new Series(tags, this.overflow, this.counter, this.summary, this.timer, this.upDown, this.gauge);
	}

	/**
	 * Whether a tag map holds exactly the entries this series was looked up with.
	 * Allocates nothing.
	 * @param tags a tag map whose hash code equals {@link #hash}
	 * @return whether the maps are equal
	 */
	boolean matches(Map<String, ?> tags) {
		if (tags.size() != this.keys.length) {
			return false;
		}
		for (int i = 0; i < this.keys.length; i++) {
			Object value = tags.get(this.keys[i]);
			if (value == null || !value.equals(this.values[i])) {
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
		DoubleAdder adder = this.upDown;
		if (adder != null) {
			adder.add(amount);
		}
		else {
			this.counter.increment(amount);
		}
	}

	/**
	 * The value a gauge reads; Micrometer holds the series strongly, so it never turns
	 * into NaN while the application runs.
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
