package dev.bduf.metrics.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * Reads every meter of a registry into a {@link StepSnapshot}: counters, timers and
 * summaries as the change since the previous call (a cumulative value that went down is
 * taken as a reset), gauges as a sample, percentiles from histogram buckets through
 * {@link BucketSketcher}. Not thread-safe: the recorder calls it from one thread.
 * <p>
 * It assumes a cumulative registry (Prometheus, or the simple registry in its default
 * mode), where a counter's count only grows. A meter seen for the first time contributes
 * everything it counted so far.
 * <p>
 * Public for live streams, which take their own snapshots at their own interval.
 */
public final class SnapshotTaker {

	private final MeterRegistry registry;

	private final String instanceId;

	private final double relativeAccuracy;

	private final Map<Meter, State> states = new IdentityHashMap<>();

	private long generation;

	private long failures;

	/**
	 * A taker over a registry.
	 * @param registry the registry to read
	 * @param instanceId the instance id the snapshots carry, not blank
	 * @param relativeAccuracy the relative accuracy of the percentile sketches
	 */
	public SnapshotTaker(MeterRegistry registry, String instanceId, double relativeAccuracy) {
		this.registry = registry;
		this.instanceId = instanceId;
		this.relativeAccuracy = relativeAccuracy;
	}

	/**
	 * Read every meter: the changes since the previous call.
	 * @param start the start of the step
	 * @param step the length of the step
	 * @return the snapshot
	 */
	public StepSnapshot take(Instant start, Duration step) {
		long current = ++this.generation;
		List<SeriesPoint> points = new ArrayList<>(this.states.size() + 16);
		for (Meter meter : this.registry.getMeters()) {
			State state = this.states.get(meter);
			if (state == null) {
				state = new State(meter.getId());
				this.states.put(meter, state);
			}
			state.generation = current;
			try {
				SeriesPoint point = point(meter, state);
				if (point != null) {
					points.add(point);
				}
			}
			catch (RuntimeException ex) {
				this.failures++;
			}
		}
		for (Iterator<State> it = this.states.values().iterator(); it.hasNext();) {
			if (it.next().generation != current) {
				it.remove();
			}
		}
		return new StepSnapshot(start, step, Resolution.RAW, this.instanceId, points);
	}

	long failures() {
		return this.failures;
	}

	int series() {
		return this.states.size();
	}

	private @Nullable SeriesPoint point(Meter meter, State state) {
		if (meter instanceof Counter counter) {
			return counter(state, counter.count());
		}
		if (meter instanceof FunctionCounter counter) {
			return counter(state, counter.count());
		}
		if (meter instanceof TimeGauge gauge) {
			return gauge(state, MeterKind.GAUGE, "seconds", gauge.value(TimeUnit.SECONDS));
		}
		if (meter instanceof Gauge gauge) {
			return gauge(state, MeterKind.GAUGE, state.id.getBaseUnit(), gauge.value());
		}
		if (meter instanceof Timer timer) {
			HistogramSnapshot snapshot = timer.takeSnapshot();
			return distribution(state, MeterKind.TIMER, "seconds", snapshot.count(),
					snapshot.total(TimeUnit.SECONDS), snapshot.max(TimeUnit.SECONDS), snapshot, true);
		}
		if (meter instanceof DistributionSummary summary) {
			HistogramSnapshot snapshot = summary.takeSnapshot();
			return distribution(state, MeterKind.SUMMARY, state.id.getBaseUnit(), snapshot.count(), snapshot.total(),
					snapshot.max(), snapshot, false);
		}
		if (meter instanceof FunctionTimer timer) {
			return distribution(state, MeterKind.TIMER, "seconds", (long) timer.count(),
					timer.totalTime(TimeUnit.SECONDS), Double.NaN, null, true);
		}
		if (meter instanceof LongTaskTimer timer) {
			double active = timer.activeTasks();
			return new SeriesPoint(state.id.getName(), MeterKind.LONG_TASK_TIMER, "seconds", state.tags(), 1, active,
					active, active, timer.duration(TimeUnit.SECONDS), null);
		}
		for (Measurement measurement : meter.measure()) {
			return gauge(state, MeterKind.OTHER, state.id.getBaseUnit(), measurement.getValue());
		}
		return null;
	}

	private @Nullable SeriesPoint counter(State state, double total) {
		if (!Double.isFinite(total)) {
			return null;
		}
		double increase = (Double.isNaN(state.previousTotal) || total < state.previousTotal) ? total
				: total - state.previousTotal;
		state.previousTotal = total;
		return SeriesPoint.counter(state.id.getName(), state.id.getBaseUnit(), state.tags(), increase, total);
	}

	private @Nullable SeriesPoint gauge(State state, MeterKind kind, @Nullable String unit, double value) {
		if (!Double.isFinite(value)) {
			return null;
		}
		return new SeriesPoint(state.id.getName(), kind, unit, state.tags(), 1, value, value, value, value, null);
	}

	private SeriesPoint distribution(State state, MeterKind kind, @Nullable String unit, long count, double total,
			double max, @Nullable HistogramSnapshot snapshot, boolean timer) {
		boolean reset = count < state.previousCount || total < state.previousTotal;
		long events = reset || state.previousCount < 0 ? count : count - state.previousCount;
		double sum = reset || Double.isNaN(state.previousTotal) ? total : total - state.previousTotal;
		state.previousCount = count;
		state.previousTotal = total;
		Sketch sketch = null;
		if (snapshot != null) {
			if (state.sketcher == null) {
				state.sketcher = new BucketSketcher(this.relativeAccuracy, timer);
			}
			sketch = state.sketcher.step(snapshot, max);
		}
		double stepMax = (events > 0) ? max : Double.NaN;
		return SeriesPoint.distribution(state.id.getName(), kind, unit, state.tags(), events, Math.max(sum, 0),
				stepMax, (events > 0) ? sketch : null);
	}

	/**
	 * What is kept of a meter between steps.
	 */
	private static final class State {

		private final Meter.Id id;

		private @Nullable SortedMap<String, String> tags;

		private long generation;

		private double previousTotal = Double.NaN;

		private long previousCount = -1;

		private @Nullable BucketSketcher sketcher;

		State(Meter.Id id) {
			this.id = id;
		}

		SortedMap<String, String> tags() {
			SortedMap<String, String> tags = this.tags;
			if (tags == null) {
				TreeMap<String, String> sorted = new TreeMap<>();
				for (Tag tag : this.id.getTagsAsIterable()) {
					sorted.put(tag.getKey(), tag.getValue());
				}
				// a point's copy is immutable and is shared by every later point
				tags = new SeriesPoint(this.id.getName(), MeterKind.OTHER, null, sorted, 0, 0, 0, 0, 0, null).tags();
				this.tags = tags;
			}
			return tags;
		}

	}

}
