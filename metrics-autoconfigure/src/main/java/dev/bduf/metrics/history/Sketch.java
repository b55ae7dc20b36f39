package dev.bduf.metrics.history;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;

/**
 * An immutable, mergeable quantile sketch: a DataDog {@link DDSketch} with a
 * {@link LogarithmicMapping} of a given relative accuracy, held in a compact encoding.
 * Any quantile it answers is within {@link #relativeAccuracy()} (relative) of a value
 * that was added at that rank; merging sketches keeps that guarantee.
 * <p>
 * The encoding, which {@link dev.bduf.metrics.storage.SnapshotCodec} stores as is: the
 * relative accuracy in millionths (varint), the zero count (varint), then for the
 * positive and the negative store the number of non-empty bins (varint) and per bin
 * the zig-zag varint difference to the previous bin index and the bin's count
 * (varint). Counts are whole numbers. A sketch of 20 non-empty bins takes about 50
 * bytes.
 */
public final class Sketch {

	private static final int MAX_BINS = 1 << 16;

	private final byte[] bytes;

	private final double relativeAccuracy;

	private final long count;

	private Sketch(byte[] bytes, double relativeAccuracy, long count) {
		this.bytes = bytes;
		this.relativeAccuracy = relativeAccuracy;
		this.count = count;
	}

	/**
	 * A new, empty {@link DDSketch} that {@link #of(DDSketch)} encodes without
	 * conversion.
	 * @param relativeAccuracy the relative accuracy, for example {@code 0.01}; between
	 * {@code 0.0001} and {@code 0.5}
	 * @return a new sketch
	 */
	public static DDSketch newDDSketch(double relativeAccuracy) {
		return new DDSketch(mapping(relativeAccuracy), UnboundedSizeDenseStore::new);
	}

	/** The last mapping made: nearly every sketch of an application has one accuracy. */
	private static volatile CachedMapping lastMapping = new CachedMapping(0.01, new LogarithmicMapping(0.01));

	private static IndexMapping mapping(double relativeAccuracy) {
		double accuracy = checkAccuracy(relativeAccuracy);
		CachedMapping cached = lastMapping;
		if (cached.accuracy() != accuracy) {
			cached = new CachedMapping(accuracy, new LogarithmicMapping(accuracy));
			lastMapping = cached;
		}
		return cached.mapping();
	}

	private record CachedMapping(double accuracy, IndexMapping mapping) {
	}

	private static double checkAccuracy(double relativeAccuracy) {
		if (!(relativeAccuracy >= 0.0001 && relativeAccuracy <= 0.5)) {
			throw new IllegalArgumentException("relative accuracy must be between 0.0001 and 0.5: " + relativeAccuracy);
		}
		return Math.round(relativeAccuracy * 1_000_000) / 1_000_000.0;
	}

	/**
	 * Encode a sketch. One whose mapping is not a {@link LogarithmicMapping} is converted
	 * to one of the same relative accuracy. Fractional counts are rounded.
	 * @param sketch the sketch; not modified
	 * @return the immutable sketch
	 */
	public static Sketch of(DDSketch sketch) {
		double accuracy = checkAccuracy(sketch.getIndexMapping().relativeAccuracy());
		IndexMapping mapping = mapping(accuracy);
		DDSketch source = mapping.equals(sketch.getIndexMapping()) ? sketch
				: sketch.convert(mapping, UnboundedSizeDenseStore::new);
		Writer out = new Writer();
		out.varint(Math.round(accuracy * 1_000_000));
		long zero = Math.round(source.getCount() - source.getPositiveValueStore().getTotalCount()
				- source.getNegativeValueStore().getTotalCount());
		out.varint(Math.max(zero, 0));
		long total = Math.max(zero, 0);
		total += writeStore(out, source.getPositiveValueStore());
		total += writeStore(out, source.getNegativeValueStore());
		return new Sketch(out.toByteArray(), accuracy, total);
	}

	private static long writeStore(Writer out, Store store) {
		int bins = 0;
		Iterator<Bin> counting = store.getAscendingIterator();
		while (counting.hasNext()) {
			if (Math.round(counting.next().getCount()) > 0) {
				bins++;
			}
		}
		out.varint(bins);
		long total = 0;
		int previous = 0;
		Iterator<Bin> it = store.getAscendingIterator();
		while (it.hasNext()) {
			Bin bin = it.next();
			long binCount = Math.round(bin.getCount());
			if (binCount > 0) {
				out.varint(zigzag(bin.getIndex() - previous));
				out.varint(binCount);
				previous = bin.getIndex();
				total += binCount;
			}
		}
		return total;
	}

	/**
	 * Read a sketch from its encoding ({@link #toByteArray()}).
	 * @param bytes the encoding
	 * @return the sketch
	 * @throws IllegalArgumentException if the bytes are not a sketch's encoding
	 */
	public static Sketch fromByteArray(byte[] bytes) {
		byte[] copy = bytes.clone();
		Reader in = new Reader(copy);
		double accuracy = checkAccuracy(in.varint() / 1_000_000.0);
		long total = in.varint();
		for (int store = 0; store < 2; store++) {
			long bins = in.varint();
			if (bins > MAX_BINS) {
				throw new IllegalArgumentException("Not a sketch: " + bins + " bins");
			}
			for (long i = 0; i < bins; i++) {
				in.varint();
				total += in.varint();
			}
		}
		if (in.remaining() != 0) {
			throw new IllegalArgumentException("Not a sketch: " + in.remaining() + " trailing bytes");
		}
		return new Sketch(copy, accuracy, total);
	}

	/**
	 * Decode into a new, modifiable {@link DDSketch}.
	 * @return a new sketch holding the same bins
	 */
	public DDSketch toDDSketch() {
		DDSketch sketch = newDDSketch(this.relativeAccuracy);
		mergeInto(sketch);
		return sketch;
	}

	/**
	 * Add this sketch's bins to a {@link DDSketch} of the same relative accuracy (one
	 * from {@link #newDDSketch(double)}); one of another accuracy gets the bins' values.
	 * @param target the sketch to add to
	 */
	public void mergeInto(DDSketch target) {
		IndexMapping mapping = mapping(this.relativeAccuracy);
		boolean sameMapping = target.getIndexMapping() == mapping || target.getIndexMapping().equals(mapping);
		Reader in = new Reader(this.bytes);
		in.varint();
		long zero = in.varint();
		if (zero > 0) {
			target.accept(0, zero);
		}
		for (int store = 0; store < 2; store++) {
			Store targetStore = (store == 0) ? target.getPositiveValueStore() : target.getNegativeValueStore();
			long bins = in.varint();
			int index = 0;
			for (long i = 0; i < bins; i++) {
				index += unzigzag(in.varint());
				long binCount = in.varint();
				if (sameMapping) {
					targetStore.add(index, binCount);
				}
				else {
					double value = mapping.value(index);
					target.accept((store == 0) ? value : -value, binCount);
				}
			}
		}
	}

	/**
	 * Add the bins to a merger's dense arrays, decoding in one pass without a visitor.
	 * @param positive the positive values' bins
	 * @param negative the negative values' bins
	 * @return the zero count
	 */
	long addBins(SketchMerger.Bins positive, SketchMerger.Bins negative) {
		Reader in = new Reader(this.bytes);
		in.varint();
		long zero = in.varint();
		for (int store = 0; store < 2; store++) {
			SketchMerger.Bins target = (store == 0) ? positive : negative;
			long bins = in.varint();
			int index = 0;
			for (long i = 0; i < bins; i++) {
				index += unzigzag(in.varint());
				target.add(index, in.varint());
			}
		}
		return zero;
	}

	/**
	 * Merge sketches.
	 * @param other the sketch to merge with this one
	 * @return a new sketch of this one's relative accuracy holding both
	 */
	public Sketch merge(Sketch other) {
		DDSketch merged = toDDSketch();
		other.mergeInto(merged);
		return of(merged);
	}

	/**
	 * The value at a quantile.
	 * @param quantile between 0 and 1
	 * @return the value, NaN when the sketch is empty or the quantile out of range
	 */
	public double quantile(double quantile) {
		if (this.count == 0 || !(quantile >= 0 && quantile <= 1)) {
			return Double.NaN;
		}
		return toDDSketch().getValueAtQuantile(quantile);
	}

	/**
	 * The relative accuracy of the quantiles.
	 * @return for example {@code 0.01}
	 */
	public double relativeAccuracy() {
		return this.relativeAccuracy;
	}

	/**
	 * The number of values added.
	 * @return the count
	 */
	public long count() {
		return this.count;
	}

	/**
	 * The encoding.
	 * @return a copy of the bytes
	 */
	public byte[] toByteArray() {
		return this.bytes.clone();
	}

	/**
	 * The length of the encoding.
	 * @return bytes
	 */
	public int sizeInBytes() {
		return this.bytes.length;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof Sketch sketch) && Arrays.equals(this.bytes, sketch.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes);
	}

	@Override
	public String toString() {
		return "Sketch[count=" + this.count + ", relativeAccuracy=" + this.relativeAccuracy + ", bytes="
				+ this.bytes.length + "]";
	}

	private static long zigzag(long value) {
		return (value << 1) ^ (value >> 63);
	}

	private static int unzigzag(long value) {
		return (int) ((value >>> 1) ^ -(value & 1));
	}

	private static final class Writer extends ByteArrayOutputStream {

		Writer() {
			super(32);
		}

		void varint(long value) {
			long v = value;
			while ((v & ~0x7FL) != 0) {
				write((int) ((v & 0x7F) | 0x80));
				v >>>= 7;
			}
			write((int) v);
		}

	}

	private static final class Reader {

		private final byte[] bytes;

		private int position;

		Reader(byte[] bytes) {
			this.bytes = Objects.requireNonNull(bytes, "bytes");
		}

		long varint() {
			if (this.position < this.bytes.length && this.bytes[this.position] >= 0) {
				// one byte: most bin deltas and counts
				return this.bytes[this.position++];
			}
			long value = 0;
			for (int shift = 0; shift < 64; shift += 7) {
				if (this.position >= this.bytes.length) {
					throw new IllegalArgumentException("Not a sketch: truncated");
				}
				byte b = this.bytes[this.position++];
				value |= (long) (b & 0x7F) << shift;
				if ((b & 0x80) == 0) {
					if (value < 0) {
						throw new IllegalArgumentException("Not a sketch: negative value");
					}
					return value;
				}
			}
			throw new IllegalArgumentException("Not a sketch: varint too long");
		}

		int remaining() {
			return this.bytes.length - this.position;
		}

	}

}
