package dev.bduf.metrics.history;

import java.util.Arrays;

import com.datadoghq.sketch.ddsketch.DDSketch;
import org.jspecify.annotations.Nullable;

/**
 * Merges many {@link Sketch sketches} of one relative accuracy cheaply: their bins are
 * added into plain arrays, and a {@link DDSketch} is built once at the end. A sketch of
 * another accuracy is merged through a {@link DDSketch} (by value). Not thread-safe.
 */
public final class SketchMerger {

	private final double relativeAccuracy;

	private final Bins positive = new Bins();

	private final Bins negative = new Bins();

	private long zero;

	private long count;

	private @Nullable DDSketch foreign;

	/**
	 * Create a merger.
	 * @param relativeAccuracy the accuracy of the sketches it merges by bin
	 */
	public SketchMerger(double relativeAccuracy) {
		this.relativeAccuracy = Sketch.newDDSketch(relativeAccuracy).getIndexMapping().relativeAccuracy();
	}

	/**
	 * Add a sketch.
	 * @param sketch the sketch
	 */
	public void add(Sketch sketch) {
		this.count += sketch.count();
		if (Math.abs(sketch.relativeAccuracy() - this.relativeAccuracy) > 1e-9) {
			if (this.foreign == null) {
				this.foreign = Sketch.newDDSketch(this.relativeAccuracy);
			}
			sketch.mergeInto(this.foreign);
			return;
		}
		this.zero += sketch.addBins(this.positive, this.negative);
	}

	/**
	 * Whether nothing was added.
	 * @return {@code true} when empty
	 */
	public boolean isEmpty() {
		return this.count == 0;
	}

	/**
	 * A new {@link DDSketch} holding everything added.
	 * @return the sketch
	 */
	public DDSketch toDDSketch() {
		DDSketch sketch = Sketch.newDDSketch(this.relativeAccuracy);
		if (this.zero > 0) {
			sketch.accept(0, this.zero);
		}
		this.positive.addTo(sketch, true);
		this.negative.addTo(sketch, false);
		if (this.foreign != null) {
			sketch.mergeWith(this.foreign);
		}
		return sketch;
	}

	/**
	 * Dense counts by bin index.
	 */
	static final class Bins {

		private long[] counts = new long[0];

		private int offset;

		void add(int index, long count) {
			if (this.counts.length == 0) {
				this.counts = new long[16];
				this.offset = index - 8;
			}
			int i = index - this.offset;
			if (i < 0 || i >= this.counts.length) {
				int low = Math.min(index, this.offset);
				int high = Math.max(index, this.offset + this.counts.length - 1);
				int length = Math.max(high - low + 1 + 16, this.counts.length * 2);
				long[] grown = new long[length];
				int newOffset = low - 8;
				System.arraycopy(this.counts, 0, grown, this.offset - newOffset, this.counts.length);
				this.counts = grown;
				this.offset = newOffset;
				i = index - this.offset;
			}
			this.counts[i] += count;
		}

		void addTo(DDSketch sketch, boolean positive) {
			for (int i = 0; i < this.counts.length; i++) {
				if (this.counts[i] > 0) {
					(positive ? sketch.getPositiveValueStore() : sketch.getNegativeValueStore())
						.add(i + this.offset, this.counts[i]);
				}
			}
		}

		@Override
		public String toString() {
			return Arrays.toString(this.counts);
		}

	}

}
