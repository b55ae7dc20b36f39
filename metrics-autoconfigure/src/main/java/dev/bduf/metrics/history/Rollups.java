package dev.bduf.metrics.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import com.datadoghq.sketch.ddsketch.DDSketch;
import org.jspecify.annotations.Nullable;

/**
 * Merges raw step snapshots into one-minute snapshots, and those into ten-minute
 * snapshots. A period is emitted as soon as its last step has been added (or when a
 * step of a later period arrives). Merging is exact for counts, sums, minimums,
 * maximums and the last value, and bin-wise for sketches of the same relative accuracy,
 * so a rollup answers exactly what the raw steps of its period answer.
 * <p>
 * Periods are aligned to the epoch; a raw step belongs to the period its start falls in,
 * so the raw step should divide one minute. Not thread-safe.
 */
public final class Rollups {

	private final Period minute;

	private final Period tenMinutes;

	/**
	 * Create rollups.
	 * @param relativeAccuracy the relative accuracy of merged sketches
	 */
	public Rollups(double relativeAccuracy) {
		this.minute = new Period(Resolution.MINUTE, relativeAccuracy);
		this.tenMinutes = new Period(Resolution.TEN_MINUTES, relativeAccuracy);
	}

	/**
	 * Add a raw snapshot.
	 * @param raw the snapshot
	 * @return the rollups it completed, oldest and finest first; often empty
	 */
	public List<StepSnapshot> add(StepSnapshot raw) {
		List<StepSnapshot> completed = new ArrayList<>(2);
		for (StepSnapshot minute : this.minute.add(raw)) {
			completed.add(minute);
			completed.addAll(this.tenMinutes.add(minute));
		}
		return completed;
	}

	private record Key(String name, MeterKind kind, SortedMap<String, String> tags) {
	}

	private static final class Period {

		private final Resolution resolution;

		private final long millis;

		private final double relativeAccuracy;

		private final Map<Key, Accumulator> series = new LinkedHashMap<>();

		private long start = Long.MIN_VALUE;

		private @Nullable String instanceId;

		Period(Resolution resolution, double relativeAccuracy) {
			this.resolution = resolution;
			this.millis = resolution.step(Duration.ZERO).toMillis();
			this.relativeAccuracy = relativeAccuracy;
		}

		List<StepSnapshot> add(StepSnapshot snapshot) {
			List<StepSnapshot> completed = new ArrayList<>(2);
			long periodStart = Math.floorDiv(snapshot.start().toEpochMilli(), this.millis) * this.millis;
			if (this.start != Long.MIN_VALUE && periodStart != this.start) {
				completed.add(flush());
			}
			this.start = periodStart;
			this.instanceId = snapshot.instanceId();
			for (SeriesPoint point : snapshot.points()) {
				this.series.computeIfAbsent(new Key(point.name(), point.kind(), point.tags()), Accumulator::new)
					.add(point, this.relativeAccuracy);
			}
			if (snapshot.end().toEpochMilli() >= periodStart + this.millis) {
				completed.add(flush());
			}
			return completed;
		}

		private StepSnapshot flush() {
			List<SeriesPoint> points = new ArrayList<>(this.series.size());
			for (Accumulator accumulator : this.series.values()) {
				points.add(accumulator.point());
			}
			this.series.clear();
			StepSnapshot snapshot = new StepSnapshot(Instant.ofEpochMilli(this.start), Duration.ofMillis(this.millis),
					this.resolution, (this.instanceId != null) ? this.instanceId : "unknown", points);
			this.start = Long.MIN_VALUE;
			return snapshot;
		}

	}

	/**
	 * Merges points of one series.
	 */
	static final class Accumulator {

		private final Key key;

		private @Nullable String baseUnit;

		private long count;

		private double sum;

		private double min = Double.NaN;

		private double max = Double.NaN;

		private double last = Double.NaN;

		private @Nullable DDSketch sketch;

		Accumulator(Key key) {
			this.key = key;
		}

		void add(SeriesPoint point, double relativeAccuracy) {
			this.baseUnit = point.baseUnit();
			this.count += point.count();
			this.sum = Double.isNaN(point.sum()) ? this.sum : this.sum + point.sum();
			this.min = minOf(this.min, point.min());
			this.max = maxOf(this.max, point.max());
			if (!Double.isNaN(point.last())) {
				this.last = point.last();
			}
			Sketch sketch = point.sketch();
			if (sketch != null) {
				if (this.sketch == null) {
					this.sketch = Sketch.newDDSketch(relativeAccuracy);
				}
				sketch.mergeInto(this.sketch);
			}
		}

		SeriesPoint point() {
			DDSketch sketch = this.sketch;
			return new SeriesPoint(this.key.name(), this.key.kind(), this.baseUnit, this.key.tags(), this.count,
					this.sum, this.min, this.max, this.last, (sketch != null) ? Sketch.of(sketch) : null);
		}

		static double minOf(double a, double b) {
			return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
		}

		static double maxOf(double a, double b) {
			return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
		}

	}

}
