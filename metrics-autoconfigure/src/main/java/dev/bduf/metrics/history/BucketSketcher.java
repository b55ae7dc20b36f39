package dev.bduf.metrics.history;

import java.util.concurrent.TimeUnit;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * Turns the change of a meter's cumulative histogram buckets over one step into a
 * {@link Sketch}: each bucket's new events are added at one representative value of the
 * bucket, so no sketch is fed on the caller's path.
 * <p>
 * For a bucket {@code (lo, hi]} the representative is the harmonic mean
 * {@code 2·lo·hi / (lo + hi)}, which is within {@code (hi - lo) / (hi + lo)} of every
 * value of the bucket, relatively. On Micrometer's percentile-histogram layout (about
 * 4 buckets per power of 4 between the meter's minimum and maximum expected values, a
 * ratio of at most 4/3 between neighbours) that is at most {@code 1/7 ≈ 14.3%}. The first
 * bucket {@code (0, hi]} is represented by {@code hi}; events above the last bucket by
 * the meter's max. Every representative is capped at the meter's max, which is never
 * below a recorded value.
 * <p>
 * A histogram whose counts went down (a registry that rotates its histogram windows, or
 * a meter that was replaced) gives no sketch for that step; counts and totals are
 * unaffected.
 */
final class BucketSketcher {

	private final double relativeAccuracy;

	private final TimeUnit unit;

	private final boolean timer;

	private double @Nullable [] bounds;

	private double @Nullable [] previous;

	BucketSketcher(double relativeAccuracy, boolean timer) {
		this.relativeAccuracy = relativeAccuracy;
		this.timer = timer;
		this.unit = TimeUnit.SECONDS;
	}

	/**
	 * The sketch of the events since the previous call.
	 * @param snapshot the meter's histogram snapshot
	 * @param max the largest event the meter knows of, in the base unit, or NaN
	 * @return the sketch, or {@code null} when the meter has no buckets, nothing happened,
	 * or the buckets cannot be compared with the previous step
	 */
	@Nullable Sketch step(HistogramSnapshot snapshot, double max) {
		CountAtBucket[] buckets = snapshot.histogramCounts();
		if (buckets.length == 0) {
			return null;
		}
		int n = buckets.length;
		double[] bounds = new double[n];
		double[] perBucket = new double[n + 1];
		double below = 0;
		for (int i = 0; i < n; i++) {
			bounds[i] = this.timer ? buckets[i].bucket(this.unit) : buckets[i].bucket();
			double cumulative = buckets[i].count();
			perBucket[i] = Math.max(0, cumulative - below);
			below = Math.max(below, cumulative);
		}
		perBucket[n] = Math.max(0, snapshot.count() - below);
		double[] previousCounts = this.previous;
		boolean comparable = previousCounts != null && java.util.Arrays.equals(bounds, this.bounds);
		this.bounds = bounds;
		this.previous = perBucket;
		DDSketch sketch = Sketch.newDDSketch(this.relativeAccuracy);
		for (int i = 0; i <= n; i++) {
			double delta = comparable ? perBucket[i] - previousCounts[i] : perBucket[i];
			if (delta < 0) {
				return null;
			}
			if (delta > 0) {
				sketch.accept(representative(bounds, i, max), delta);
			}
		}
		return sketch.isEmpty() ? null : Sketch.of(sketch);
	}

	static double representative(double[] bounds, int i, double max) {
		double value;
		if (i == bounds.length) {
			value = (max > 0) ? Math.max(max, bounds[i - 1]) : bounds[i - 1];
			return value;
		}
		double hi = bounds[i];
		double lo = (i == 0) ? 0 : bounds[i - 1];
		value = (lo > 0) ? 2 * lo * hi / (lo + hi) : hi;
		return (max > 0 && max < value) ? max : value;
	}

}
